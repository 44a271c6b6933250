package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * The deterministic parts of Swin's window attention that timm ≥ 0.9 does not save in a checkpoint (the relative
 * position index and the shifted-window mask), and the window partition and cyclic shift, all on NHWC maps.
 */
final class SwinWindows {
    /** What timm adds to the attention logits of token pairs from different regions of a shifted window. */
    static final float MASKED = -100f;

    private SwinWindows() {}

    /**
     * For each pair (i, j) of a w×w window's tokens, the row of the relative position bias table: their offset
     * (Δrow, Δcol), each shifted to start at 0, as Δrow·(2w − 1) + Δcol.
     */
    static int[] relativePositionIndex(int w) {
        int n = w * w;
        int[] idx = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int dr = i / w - j / w + w - 1;
                int dc = i % w - j % w + w - 1;
                idx[i * n + j] = dr * (2 * w - 1) + dc;
            }
        }
        return idx;
    }

    /**
     * The mask of a map of side {@code res} shifted by {@code shift} and cut into w×w windows: (windows, w², w²),
     * 0 where both tokens came from the same region before the cyclic shift and {@link #MASKED} where the shift
     * brought them together from opposite edges.
     */
    static float[] shiftMask(int res, int w, int shift) {
        int[] region = new int[res * res];
        for (int r = 0; r < res; r++) {
            for (int c = 0; c < res; c++) {
                region[r * res + c] = band(r, res, w, shift) * 3 + band(c, res, w, shift);
            }
        }
        int per = res / w;
        int n = w * w;
        float[] mask = new float[per * per * n * n];
        for (int win = 0; win < per * per; win++) {
            int r0 = win / per * w;
            int c0 = win % per * w;
            for (int i = 0; i < n; i++) {
                int ri = region[(r0 + i / w) * res + c0 + i % w];
                for (int j = 0; j < n; j++) {
                    int rj = region[(r0 + j / w) * res + c0 + j % w];
                    mask[(win * n + i) * n + j] = ri == rj ? 0f : MASKED;
                }
            }
        }
        return mask;
    }

    /** Which of timm's three slices [0, −w), [−w, −shift), [−shift, end) a row or column falls in. */
    private static int band(int i, int res, int w, int shift) {
        return i < res - w ? 0 : i < res - shift ? 1 : 2;
    }

    /** (B, H, W, C) to (B·windows, w², C), windows in row-major order. */
    static NDArray partition(NDArray x, int w) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(1);
        long wd = x.getShape().get(2);
        long c = x.getShape().get(3);
        return x.reshape(b, h / w, w, wd / w, w, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, (long) w * w, c);
    }

    /** The inverse of {@link #partition}. */
    static NDArray merge(NDArray windows, int w, long b, long h, long wd) {
        long c = windows.getShape().get(2);
        return windows.reshape(b, h / w, wd / w, w, w, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, h, wd, c);
    }

    /** {@code torch.roll(x, (shift, shift), (1, 2))}: element i moves to i + shift, wrapping. */
    static NDArray roll(NDArray x, int shift) {
        return rollAxis(rollAxis(x, shift, 1), shift, 2);
    }

    private static NDArray rollAxis(NDArray x, int shift, int axis) {
        long n = x.getShape().get(axis);
        long k = ((shift % n) + n) % n;
        if (k == 0) {
            return x;
        }
        String lead = ":, ".repeat(axis);
        NDArray tail = x.get(lead + (n - k) + ":");
        NDArray head = x.get(lead + ":" + (n - k));
        return NDArrays.concat(new NDList(tail, head), axis);
    }
}
