package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One pre-norm transformer block (self-attention, then a 4× GELU MLP, each with a residual) whose weights live in a
 * {@link ParameterSet} under a name prefix. Text towers and patch-attention image towers share it, so the parameter
 * names of every saved transformer stay the same.
 */
public final class TransformerBlock {
    private TransformerBlock() {}

    /** Creates the block's parameters under {@code prefix} (for example {@code "layer0."}) for width d. */
    public static void init(ParameterSet p, String prefix, int d) {
        layerNorm(p, prefix + "ln1", d);
        p.uniform(prefix + "attn.qkv.w", new Shape(3L * d, d), d, 1);
        p.uniform(prefix + "attn.out.w", new Shape(d, d), d, 1);
        p.constant(prefix + "attn.out.b", new Shape(d), 0);
        layerNorm(p, prefix + "ln2", d);
        p.uniform(prefix + "ff1.w", new Shape(4L * d, d), d, 1);
        p.constant(prefix + "ff1.b", new Shape(4L * d), 0);
        p.uniform(prefix + "ff2.w", new Shape(d, 4L * d), 4L * d, 1);
        p.constant(prefix + "ff2.b", new Shape(d), 0);
    }

    /** A LayerNorm's gain and bias, {@code name.g} and {@code name.b}. */
    public static void layerNorm(ParameterSet p, String name, int d) {
        p.constant(name + ".g", new Shape(d), 1);
        p.constant(name + ".b", new Shape(d), 0);
    }

    /** x: (B, N, d) → (B, N, d). */
    public static NDArray forward(NDArray x, ParameterSet p, String prefix, int heads) {
        long d = x.getShape().get(2);
        NDArray h = Nn.layerNorm(x, p.get(prefix + "ln1.g"), p.get(prefix + "ln1.b"));
        NDArray qkv = Nn.linear(h, p.get(prefix + "attn.qkv.w"), null);
        NDArray q = qkv.get(":, :, 0:" + d);
        NDArray k = qkv.get(":, :, " + d + ":" + 2 * d);
        NDArray v = qkv.get(":, :, " + 2 * d + ":");
        NDArray a = Nn.attention(q, k, v, heads);
        x = x.add(Nn.linear(a, p.get(prefix + "attn.out.w"), p.get(prefix + "attn.out.b")));
        h = Nn.layerNorm(x, p.get(prefix + "ln2.g"), p.get(prefix + "ln2.b"));
        h = Nn.gelu(Nn.linear(h, p.get(prefix + "ff1.w"), p.get(prefix + "ff1.b")));
        return x.add(Nn.linear(h, p.get(prefix + "ff2.w"), p.get(prefix + "ff2.b")));
    }
}
