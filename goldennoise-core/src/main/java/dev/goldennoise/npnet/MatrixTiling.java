package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;

/**
 * Lays the C channels of a C×H×W noise side by side as one (a·H)×(c·W) matrix, a·c = C, as the official code's
 * {@code rearrange(x, "b (a c) h w -> b (a h) (c w)", a=2, c=2)} does for 4 channels. One matrix for all channels,
 * not one per channel: the singular values then describe the whole noise. a is the largest divisor of C not above
 * √C, so 4 → 2×2, 1 → 1×1, 3 → 1×3.
 */
public record MatrixTiling(int channels, int height, int width, int a, int c) {
    public static MatrixTiling of(int channels, int height, int width) {
        int a = 1;
        for (int d = 1; d * d <= channels; d++) {
            if (channels % d == 0) {
                a = d;
            }
        }
        return new MatrixTiling(channels, height, width, a, channels / a);
    }

    public int rows() {
        return a * height;
    }

    public int cols() {
        return c * width;
    }

    /** min(rows, cols): the number of singular values of the thin SVD. */
    public int rank() {
        return Math.min(rows(), cols());
    }

    /** One noise (C·H·W floats, C-order) to its matrix (rows·cols, row-major). */
    public double[] tile(float[] x, int offset) {
        double[] m = new double[rows() * cols()];
        for (int ch = 0; ch < channels; ch++) {
            int ai = ch / c;
            int ci = ch % c;
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) {
                    m[(ai * height + h) * cols() + ci * width + w] = x[offset + (ch * height + h) * width + w];
                }
            }
        }
        return m;
    }

    /** The inverse of {@link #tile}. */
    public float[] untile(double[] m) {
        float[] x = new float[channels * height * width];
        for (int ch = 0; ch < channels; ch++) {
            int ai = ch / c;
            int ci = ch % c;
            for (int h = 0; h < height; h++) {
                for (int w = 0; w < width; w++) {
                    x[(ch * height + h) * width + w] = (float) m[(ai * height + h) * cols() + ci * width + w];
                }
            }
        }
        return x;
    }

    /** (B, rows, cols) back to (B, C, H, W) on NDArrays, so gradients flow through it. */
    public NDArray untile(NDArray m) {
        long b = m.getShape().get(0);
        return m.reshape(b, a, height, c, width).transpose(0, 1, 3, 2, 4).reshape(b, channels, height, width);
    }

    /** (B, C, H, W) to (B, rows, cols) on NDArrays. */
    public NDArray tile(NDArray x) {
        long b = x.getShape().get(0);
        return x.reshape(b, a, c, height, width).transpose(0, 1, 3, 2, 4).reshape(b, rows(), cols());
    }
}
