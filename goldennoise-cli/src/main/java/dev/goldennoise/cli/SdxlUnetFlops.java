package dev.goldennoise.cli;

/**
 * An estimate of one SDXL base UNet evaluation's floating-point operations (a multiply-add is 2), from its public
 * configuration: blocks of 320, 640 and 1280 channels at latent sides 128, 64 and 32; two resnets per down block
 * and three per up block; transformer depths 0, 2 and 10 (and 10 in the middle); head width 64; text 77×2048;
 * GEGLU feed-forward of 4× width. Convolutions, linear layers and attention products are counted; norms,
 * activations and the time and pooled-text embeddings are not. An estimate: no SDXL weights or export were at hand.
 */
final class SdxlUnetFlops {
    private static final int TEXT_TOKENS = 77;
    private static final int TEXT_WIDTH = 2048;

    private SdxlUnetFlops() {}

    /** One evaluation at a latent of side {@code side} (128 for 1024² images). */
    static double perEvaluation(int side) {
        int[] ch = {320, 640, 1280};
        int[] depth = {0, 2, 10};
        double f = conv(side, 4, ch[0], 3);
        int c = ch[0];
        int[] skips = new int[10];
        int nSkips = 0;
        skips[nSkips++] = c;
        for (int b = 0; b < 3; b++) {
            int s = side >> b;
            for (int r = 0; r < 2; r++) {
                f += resnet(s, c, ch[b]) + transformer(s, ch[b], depth[b]);
                c = ch[b];
                skips[nSkips++] = c;
            }
            if (b < 2) {
                f += conv(s / 2, c, c, 3);
                skips[nSkips++] = c;
            }
        }
        int s = side >> 2;
        f += 2 * resnet(s, c, c) + transformer(s, c, depth[2]);
        for (int b = 2; b >= 0; b--) {
            s = side >> b;
            for (int r = 0; r < 3; r++) {
                int skip = skips[--nSkips];
                f += resnet(s, c + skip, ch[b]) + transformer(s, ch[b], depth[b]);
                c = ch[b];
            }
            if (b > 0) {
                f += conv(2 * s, c, c, 3);
            }
        }
        return f + conv(side, c, 4, 3);
    }

    private static double conv(int side, int in, int out, int k) {
        return 2.0 * side * side * in * out * k * k;
    }

    private static double resnet(int side, int in, int out) {
        return conv(side, in, out, 3) + conv(side, out, out, 3) + (in == out ? 0 : conv(side, in, out, 1));
    }

    /** proj_in and proj_out, then per layer self-attention, cross-attention to the text and a GEGLU feed-forward. */
    private static double transformer(int side, int d, int layers) {
        if (layers == 0) {
            return 0;
        }
        double l = (double) side * side;
        double self = 8 * l * d * d + 4 * l * l * d;
        double cross = 4 * l * d * d + 4.0 * TEXT_TOKENS * TEXT_WIDTH * d + 4 * l * TEXT_TOKENS * d;
        double ff = 2 * l * d * 8 * d + 2 * l * 4 * d * d;
        return 4 * l * d * d + layers * (self + cross + ff);
    }
}
