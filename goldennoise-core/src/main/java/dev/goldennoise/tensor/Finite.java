package dev.goldennoise.tensor;

/** NaN and infinities are never valid noise, weights or settings here; these find them before they spread. */
public final class Finite {
    private Finite() {}

    /** The index of the first NaN or infinite value, or -1. */
    public static int firstNonFinite(float[] values) {
        return firstNonFinite(values, 0, values.length);
    }

    /** The index of the first NaN or infinite value in {@code values[from, to)}, or -1. */
    public static int firstNonFinite(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Stops a training run at a step whose loss is NaN or infinite, before that step changes any weight; the last
     * checkpoint on disk stays as it was.
     */
    public static void requireLoss(float loss, int step, int lastCheckpoint) {
        requireLoss(loss, "step", step, lastCheckpoint);
    }

    /** As {@link #requireLoss(float, int, int)}, counting in {@code unit}s (a step, an epoch). */
    public static void requireLoss(float loss, String unit, int at, int lastCheckpoint) {
        if (!Float.isFinite(loss)) {
            throw new IllegalArgumentException("the loss at " + unit + " " + at + " is " + loss + "; stopped before updating"
                    + " the weights, " + (lastCheckpoint > 0 ? "the checkpoint of " + unit + " " + lastCheckpoint + " is kept"
                    : "no checkpoint was written") + "; try a lower --lr");
        }
    }

    /** {@code value} itself, or an {@link IllegalArgumentException} naming {@code what} when it is NaN or infinite. */
    public static double require(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + value);
        }
        return value;
    }
}
