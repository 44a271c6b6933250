package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that survives autograd. DJL's {@code mul(Number)}, {@code div(Number)} and
 * {@code maximum(Number)} wrap the constant in a tensor over a Java direct buffer and close it as soon as the op
 * returns, but autograd keeps that tensor for the backward pass (the derivative of x·c is c). Once the garbage
 * collector frees the buffer, the backward pass reads whatever the memory holds by then (with the collector running
 * beside it, NPNet training drifted from the first epoch; a CI run's resume test caught it). Here the constant is a
 * tensor PyTorch allocates itself, which the graph's reference keeps alive. Use these, never the
 * {@code Number} overloads, wherever a gradient may flow; {@code add} and {@code sub} keep no tensor and are safe.
 */
public final class Scalars {
    private Scalars() {}

    /** x · c */
    public static NDArray times(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.mul(s);
        }
    }

    /** x / c */
    public static NDArray over(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.div(s);
        }
    }

    /** max(x, c) elementwise */
    public static NDArray atLeast(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.maximum(s);
        }
    }

    private static NDArray constant(NDArray like, double c) {
        return like.getManager().full(new Shape(), (float) c, like.getDataType());
    }
}
