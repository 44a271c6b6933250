package dev.goldennoise.npnet.official;

import dev.goldennoise.npnet.NoiseSvd;

/**
 * One sign for each singular pair (u_i, v_i). An SVD fixes each pair only up to a joint sign, and the official SVD
 * branch is not invariant to it: its tokens are MLP(u_i) + MLP(v_i) + MLP(s), and the MLPs are not odd functions.
 * PyTorch returns whatever signs its LAPACK (or cuSOLVER) happens to produce, and these differ between libraries,
 * devices and even float32 and float64 on the same matrix, so no sign choice reproduces "PyTorch" in general. This
 * one is written down and library-independent: the entry of largest magnitude of each u_i is made positive (the
 * first such entry on a tie), v_i flipped with it.
 */
final class SingularSigns {
    private SingularSigns() {}

    static NoiseSvd canonical(NoiseSvd svd) {
        int rows = svd.tiling().rows();
        int cols = svd.tiling().cols();
        int k = svd.tiling().rank();
        float[] u = svd.u().clone();
        float[] vt = svd.vt().clone();
        for (int b = 0; b < svd.batch(); b++) {
            for (int j = 0; j < k; j++) {
                int best = 0;
                float max = -1f;
                for (int i = 0; i < rows; i++) {
                    float a = Math.abs(u[(b * rows + i) * k + j]);
                    if (a > max) {
                        max = a;
                        best = i;
                    }
                }
                if (u[(b * rows + best) * k + j] < 0) {
                    for (int i = 0; i < rows; i++) {
                        u[(b * rows + i) * k + j] = -u[(b * rows + i) * k + j];
                    }
                    for (int i = 0; i < cols; i++) {
                        vt[(b * k + j) * cols + i] = -vt[(b * k + j) * cols + i];
                    }
                }
            }
        }
        return new NoiseSvd(u, svd.s(), vt, svd.batch(), svd.tiling());
    }
}
