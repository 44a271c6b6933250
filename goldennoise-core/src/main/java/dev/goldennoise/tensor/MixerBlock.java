package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One MLP-Mixer block (Tolstikhin et al., 2021): a token-mixing MLP shared across channels, then a channel-mixing MLP
 * shared across tokens, each pre-norm with a residual. Token mixing is a learned map over fixed grid positions, so
 * "left of" is a weight between two places rather than something attention must discover.
 */
public final class MixerBlock {
    private MixerBlock() {}

    /** Parameters under {@code prefix} for n tokens of width d; hidden widths 2n (tokens) and 4d (channels). */
    public static void init(ParameterSet p, String prefix, int n, int d) {
        TransformerBlock.layerNorm(p, prefix + "ln1", d);
        p.uniform(prefix + "tok1.w", new Shape(2L * n, n), n, 1);
        p.constant(prefix + "tok1.b", new Shape(2L * n), 0);
        p.uniform(prefix + "tok2.w", new Shape(n, 2L * n), 2L * n, 1);
        p.constant(prefix + "tok2.b", new Shape(n), 0);
        TransformerBlock.layerNorm(p, prefix + "ln2", d);
        p.uniform(prefix + "ch1.w", new Shape(4L * d, d), d, 1);
        p.constant(prefix + "ch1.b", new Shape(4L * d), 0);
        p.uniform(prefix + "ch2.w", new Shape(d, 4L * d), 4L * d, 1);
        p.constant(prefix + "ch2.b", new Shape(d), 0);
    }

    /** x: (B, N, d) → (B, N, d). */
    public static NDArray forward(NDArray x, ParameterSet p, String prefix) {
        NDArray h = Nn.layerNorm(x, p.get(prefix + "ln1.g"), p.get(prefix + "ln1.b")).transpose(0, 2, 1);
        h = Nn.gelu(Nn.linear(h, p.get(prefix + "tok1.w"), p.get(prefix + "tok1.b")));
        x = x.add(Nn.linear(h, p.get(prefix + "tok2.w"), p.get(prefix + "tok2.b")).transpose(0, 2, 1));
        h = Nn.layerNorm(x, p.get(prefix + "ln2.g"), p.get(prefix + "ln2.b"));
        h = Nn.gelu(Nn.linear(h, p.get(prefix + "ch1.w"), p.get(prefix + "ch1.b")));
        return x.add(Nn.linear(h, p.get(prefix + "ch2.w"), p.get(prefix + "ch2.b")));
    }
}
