package dev.goldennoise.model.builtin;

/**
 * Floating-point operations of one {@link UNet#forward} pass per image, counted analytically from the config by walking
 * the same layers in the same order as the forward. A multiply-add counts as 2 FLOPs; a convolution is counted as the
 * dense product its padded output needs (2·cin·k²·cout per output position), which is also what im2col + GEMM does.
 * <p>
 * Counted: convolutions, linear layers (time-embedding MLP, per-block time projections, attention and feed-forward
 * projections, the text tokens' key and value projections) and the two attention matmuls QKᵀ and AV. Left out: group
 * and layer norms, activations, softmax, bias and residual adds, upsampling and concatenation. Those do a few FLOPs
 * per element they touch, against tens to over a thousand per output element for the layers counted, and their speed
 * is set by memory bandwidth rather than arithmetic; counting them would blur a figure meant to be set against a
 * GEMM rate. Attention heads do not change the count: they split the same matmuls.
 */
public final class UNetFlops {
    /** Per-image FLOPs by kind; the kinds are disjoint. */
    public record Count(long convolutions, long linear, long attention) {
        public long total() {
            return convolutions + linear + attention;
        }
    }

    private final UNetConfig config;
    private final int textTokens;
    private long conv;
    private long linear;
    private long attention;

    private UNetFlops(UNetConfig config, int textTokens) {
        this.config = config;
        this.textTokens = textTokens;
    }

    /**
     * @param height     latent height (even: the forward downsamples by 2 and concatenates the upsampled result back)
     * @param width      latent width (even, likewise)
     * @param textTokens text tokens per prompt that the cross-attention attends to
     */
    public static Count perImage(UNetConfig config, int height, int width, int textTokens) {
        if (height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("the UNet needs an even latent height and width of at least 2, got "
                    + height + "×" + width);
        }
        if (textTokens < 1) {
            throw new IllegalArgumentException("text tokens must be at least 1, got " + textTokens);
        }
        UNetFlops f = new UNetFlops(config, textTokens);
        f.forward(height * width, (height / 2) * (width / 2));
        return new Count(f.conv, f.linear, f.attention);
    }

    /** Mirrors {@link UNet#forward}; n1 and n2 are the positions at full and half resolution. */
    private void forward(long n1, long n2) {
        int c1 = config.channels1();
        int c2 = config.channels2();
        int tw = config.timeWidth();
        // time MLP: one row per image, on the sinusoidal embedding of width channels1
        linear(1, c1, tw);
        linear(1, tw, tw);
        conv(n1, config.latentChannels(), c1, 3);
        resBlock(n1, c1, c1);
        transformer(n1, c1, false);
        conv(n2, c1, c1, 3); // stride 2: counted at its output positions
        resBlock(n2, c1, c2);
        transformer(n2, c2, true);
        resBlock(n2, c2, c2);
        transformer(n2, c2, true);
        resBlock(n2, c2, c2);
        resBlock(n2, 2 * c2, c2);
        transformer(n2, c2, true);
        conv(n1, c2, c2, 3); // after nearest-neighbour upsampling, at full resolution
        resBlock(n1, c2 + c1, c1);
        transformer(n1, c1, false);
        conv(n1, c1, config.latentChannels(), 3);
    }

    private void resBlock(long n, int cin, int cout) {
        conv(n, cin, cout, 3);
        linear(1, config.timeWidth(), cout);
        conv(n, cout, cout, 3);
        if (cin != cout) {
            conv(n, cin, cout, 1);
        }
    }

    private void transformer(long n, int c, boolean selfAttention) {
        long t = textTokens;
        linear(n, c, c); // proj_in
        if (selfAttention) {
            linear(n, c, 3 * c); // qkv
            attention(n, n, c);
            linear(n, c, c); // attn1.out
        }
        linear(n, c, c); // attn2.q
        linear(t, config.textWidth(), c); // attn2.k, on the text tokens
        linear(t, config.textWidth(), c); // attn2.v
        attention(n, t, c);
        linear(n, c, c); // attn2.out
        linear(n, c, 4 * c); // ff1
        linear(n, 4 * c, c); // ff2
        linear(n, c, c); // proj_out
    }

    private void conv(long positions, int cin, int cout, int k) {
        conv += 2L * positions * cin * k * k * cout;
    }

    private void linear(long rows, int in, int out) {
        linear += 2L * rows * in * out;
    }

    /** QKᵀ (queries × keys × channels) and AV (the same), summed over heads. */
    private void attention(long queries, long keys, int c) {
        attention += 2 * (2L * queries * keys * c);
    }
}
