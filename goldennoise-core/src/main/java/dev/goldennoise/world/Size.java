package dev.goldennoise.world;

import java.util.Locale;

/**
 * Object sizes, as ranges of the bounding-box side in pixels. The gap between the ranges (13 to 18) leaves room for
 * the checker's cut at 15 px, so an imperfect generated shape is still sized the way it was meant.
 */
public enum Size {
    SMALL(10, 13),
    LARGE(18, 24);

    /** Bounding-box sides up to this many pixels count as small when checking an image. */
    public static final int SMALL_LIMIT = 15;

    private final int minSide;
    private final int maxSide;

    Size(int minSide, int maxSide) {
        this.minSide = minSide;
        this.maxSide = maxSide;
    }

    /** Smallest bounding-box side the renderer draws for this size. */
    public int minSide() {
        return minSide;
    }

    /** Largest bounding-box side the renderer draws for this size. */
    public int maxSide() {
        return maxSide;
    }

    /** The prompt word, e.g. "small". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The size the checker reads from a measured bounding-box side. */
    public static Size ofSide(int side) {
        return side <= SMALL_LIMIT ? SMALL : LARGE;
    }

    static Size fromWord(String word) {
        for (Size s : values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
