package dev.goldennoise.world;

/**
 * Tells circles, squares and triangles apart by how much of their bounding box they fill: about π/4 = 0.79 for a
 * circle, 1 for a square and 1/2 for a triangle. The cut points sit roughly half-way between, and the one ambiguous
 * band (a fat triangle or a ragged circle) is settled by where the pixels lie: an upright triangle has three quarters
 * of its area in the lower half of its box, a circle half.
 */
final class ShapeClassifier {
    static final double SQUARE_ABOVE = 0.9;
    static final double TRIANGLE_BELOW = 0.6;
    static final double AMBIGUOUS_BELOW = 0.72;
    static final double TRIANGLE_BOTTOM_SHARE = 0.62;

    private ShapeClassifier() {}

    /**
     * @param fillRatio   pixels of the component, holes filled, over the area of its bounding box
     * @param bottomShare pixels in the lower half of the box over pixels in both halves (middle row excluded)
     */
    static Shape classify(double fillRatio, double bottomShare) {
        if (fillRatio >= SQUARE_ABOVE) {
            return Shape.SQUARE;
        }
        if (fillRatio < TRIANGLE_BELOW) {
            return Shape.TRIANGLE;
        }
        if (fillRatio < AMBIGUOUS_BELOW && bottomShare >= TRIANGLE_BOTTOM_SHARE) {
            return Shape.TRIANGLE;
        }
        return Shape.CIRCLE;
    }
}
