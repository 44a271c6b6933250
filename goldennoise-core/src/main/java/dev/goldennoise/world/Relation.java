package dev.goldennoise.world;

/**
 * Spatial relations of position prompts. The subject (first object of the prompt) stands in this relation to the
 * object (second one). Image y grows downwards, so "above" means a smaller centre y.
 */
public enum Relation {
    LEFT_OF("to the left of"),
    RIGHT_OF("to the right of"),
    ABOVE("above"),
    BELOW("below");

    /** Centres must differ by at least this along the relation's axis for the relation to hold. */
    public static final double MIN_AXIS_DISTANCE = 10;
    /** ... and by less than this along the other axis, so that "left of" does not also read as "above". */
    public static final double MAX_CROSS_DISTANCE = 10;

    private final String phrase;

    Relation(String phrase) {
        this.phrase = phrase;
    }

    /** The words of the prompt between the two objects, e.g. "to the left of". */
    public String phrase() {
        return phrase;
    }

    /** Whether the relation runs along the x axis (left/right) rather than y (above/below). */
    public boolean horizontal() {
        return this == LEFT_OF || this == RIGHT_OF;
    }

    /** The relation with subject and object swapped, e.g. LEFT_OF for RIGHT_OF. */
    public Relation opposite() {
        switch (this) {
            case LEFT_OF:
                return RIGHT_OF;
            case RIGHT_OF:
                return LEFT_OF;
            case ABOVE:
                return BELOW;
            case BELOW:
                return ABOVE;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * How far the subject's centre is from the object's centre in the direction this relation asks for (positive when
     * it points the right way), given the subject-minus-object centre differences.
     */
    public double along(double dx, double dy) {
        switch (this) {
            case LEFT_OF:
                return -dx;
            case RIGHT_OF:
                return dx;
            case ABOVE:
                return -dy;
            case BELOW:
                return dy;
            default:
                throw new AssertionError(this);
        }
    }

    /** The absolute centre difference on the axis this relation does not use. */
    public double across(double dx, double dy) {
        return horizontal() ? Math.abs(dy) : Math.abs(dx);
    }

    /** The checker's rule: whether a subject centred at (sx, sy) stands in this relation to an object at (ox, oy). */
    public boolean holds(double sx, double sy, double ox, double oy) {
        double dx = sx - ox;
        double dy = sy - oy;
        return along(dx, dy) >= MIN_AXIS_DISTANCE && across(dx, dy) < MAX_CROSS_DISTANCE;
    }
}
