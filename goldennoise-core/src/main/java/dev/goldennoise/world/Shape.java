package dev.goldennoise.world;

import java.util.Locale;

/**
 * The three object shapes. Each knows its outline inside a unit bounding box so that the renderer and any other
 * drawing code agree on the geometry (the triangle is upright: flat base at the bottom, apex at the top centre).
 */
public enum Shape {
    CIRCLE,
    SQUARE,
    TRIANGLE;

    /** The singular prompt word, e.g. "circle". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The plural prompt word used by counting prompts, e.g. "circles". */
    public String plural() {
        return word() + "s";
    }

    /**
     * Whether the point (u, v) of the unit bounding box, u to the right and v downwards, both in [0, 1], lies inside
     * the shape. Used by supersampling, so boundary points may go either way.
     */
    public boolean contains(double u, double v) {
        switch (this) {
            case CIRCLE:
                double du = u - 0.5;
                double dv = v - 0.5;
                return du * du + dv * dv <= 0.25;
            case SQUARE:
                return u >= 0 && u <= 1 && v >= 0 && v <= 1;
            case TRIANGLE:
                // Apex at (0.5, 0), base from (0, 1) to (1, 1): the half-width grows linearly with depth.
                return v >= 0 && v <= 1 && Math.abs(u - 0.5) <= v / 2;
            default:
                throw new AssertionError(this);
        }
    }

    /** The shape named by a singular prompt word, or null when the word is not one. */
    static Shape fromWord(String word) {
        for (Shape s : values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        return null;
    }

    /** The shape named by a plural prompt word, or null when the word is not one. */
    static Shape fromPlural(String word) {
        for (Shape s : values()) {
            if (s.plural().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
