package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * {@code F.interpolate(x, [h, w])} with PyTorch's default mode, nearest, on the last two axes of a 4-d array. The
 * source index is PyTorch's, computed in float32 as its CPU kernel does: {@code min(floor(dst · (in / out)), in − 1)},
 * so that a boundary index rounds the same way here.
 */
final class NearestResize {
    private NearestResize() {}

    static int[] indices(int in, int out) {
        int[] idx = new int[out];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            idx[i] = in == out ? i : out == 2 * in ? i >> 1 : Math.min((int) Math.floor((float) i * scale), in - 1);
        }
        return idx;
    }

    /**
     * (N, C, H, W) to (N, C, h, w). As products with one-hot matrices: each output element is one input element
     * times 1 plus zeros, so exact, and the op stays on the engine.
     */
    static NDArray resize(NDArray x, int h, int w) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray cols = x.matMul(selection(m, (int) s.get(3), w));
        return cols.transpose(0, 1, 3, 2).matMul(selection(m, (int) s.get(2), h)).transpose(0, 1, 3, 2);
    }

    /** (in, out) with a 1 at (indices[j], j): right-multiplying picks column indices[j] for output column j. */
    private static NDArray selection(NDManager m, int in, int out) {
        float[] sel = new float[in * out];
        int[] idx = indices(in, out);
        for (int j = 0; j < out; j++) {
            sel[idx[j] * out + j] = 1f;
        }
        return m.create(sel, new Shape(in, out));
    }
}
