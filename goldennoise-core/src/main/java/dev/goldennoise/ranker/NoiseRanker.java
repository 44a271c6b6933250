package dev.goldennoise.ranker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TransformerBlock;
import dev.goldennoise.tensor.Scalars;

/**
 * Predicts, from an initial noise and the prompt alone, how much the preference scorer will like the image the
 * sampler makes of that noise; used to pick the best of N candidate noises without sampling any of them.
 *
 * <pre>
 * h = stem(x)                     3×3 convolutions, then a stride-2 one (or, with a pool, x's block means first)
 * tokens = h + position           one token per half-resolution cell
 * for each block:
 *   tokens += CrossAttention(tokens → text)   what the prompt asks for at each cell ("left of", "three")
 *   tokens = SelfAttention block(tokens)      cells compared with each other: counts and relations are global
 * score = MLP(mean(LayerNorm(tokens)))
 * </pre>
 *
 * Only differences between the scores of one prompt's candidates matter: the ranker is trained on comparisons
 * ({@link RankerTrainer}), so its output has no fixed offset.
 */
public final class NoiseRanker implements AutoCloseable {
    private final RankerConfig config;
    private final ParameterSet p;

    public NoiseRanker(RankerConfig config, NDManager parent, long seed) {
        this.config = config;
        this.p = new ParameterSet(parent, seed);
        int s = config.stemWidth();
        int w = config.tokenWidth();
        int d = config.textWidth();
        conv("stem.in", config.channels(), s, 3);
        norm("stem.n1", s);
        conv("stem.c1", s, s, 3);
        norm("stem.n2", s);
        conv("stem.down", s, w, 3);
        p.normal("pos", new Shape(config.gridTokens(), w), 0.02);
        for (int b = 0; b < config.blocks(); b++) {
            String n = "b" + b + ".";
            TransformerBlock.layerNorm(p, n + "xln", w);
            p.uniform(n + "xq.w", new Shape(w, w), w, 1.0);
            p.uniform(n + "xk.w", new Shape(w, d), d, 1.0);
            p.uniform(n + "xv.w", new Shape(w, d), d, 1.0);
            p.uniform(n + "xo.w", new Shape(w, w), w, 1.0);
            p.constant(n + "xo.b", new Shape(w), 0f);
            TransformerBlock.init(p, n + "self.", w);
        }
        TransformerBlock.layerNorm(p, "out.ln", w);
        p.uniform("out.h.w", new Shape(w, w), w, 1.0);
        p.constant("out.h.b", new Shape(w), 0f);
        p.uniform("out.w", new Shape(1, w), w, 1.0);
        p.constant("out.b", new Shape(1), 0f);
    }

    private void conv(String name, long in, long out, int k) {
        p.uniform(name + ".w", new Shape(out, in, k, k), in * k * k, 1.0);
        p.constant(name + ".b", new Shape(out), 0f);
    }

    private void norm(String name, long ch) {
        p.constant(name + ".g", new Shape(ch), 1f);
        p.constant(name + ".b", new Shape(ch), 0f);
    }

    public RankerConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    /** Predicted scores (B) of noises x (B, C, H, W) under prompts text (B, T, D). */
    public NDArray forward(NDArray x, NDArray text) {
        Shape want = new Shape(config.channels(), config.height(), config.width());
        Shape wantText = new Shape(config.textTokens(), config.textWidth());
        if (!x.getShape().slice(1).equals(want) || !text.getShape().slice(1).equals(wantText)
                || x.getShape().get(0) != text.getShape().get(0)) {
            throw new IllegalArgumentException("this noise ranker is for " + config.describeShapes() + ", but got noises "
                    + x.getShape() + " and text " + text.getShape());
        }
        long b = x.getShape().get(0);
        int pool = config.pool();
        if (pool > 1) {
            // a block mean of P² unit-variance values has variance 1/P², so ×P keeps the input's scale
            x = Scalars.times(Pool.avgPool2d(x, new Shape(pool, pool), new Shape(pool, pool), new Shape(0, 0), false, true), pool);
        }
        NDArray h = Nn.conv2d(x, p.get("stem.in.w"), p.get("stem.in.b"), 1);
        NDArray r = Nn.conv2d(Nn.silu(groupNorm(h, "stem.n1")), p.get("stem.c1.w"), p.get("stem.c1.b"), 1);
        h = h.add(r);
        h = Nn.conv2d(Nn.silu(groupNorm(h, "stem.n2")), p.get("stem.down.w"), p.get("stem.down.b"), pool > 1 ? 1 : 2);
        int w = config.tokenWidth();
        NDArray tokens = h.reshape(b, w, config.gridTokens()).transpose(0, 2, 1).add(p.get("pos"));
        for (int i = 0; i < config.blocks(); i++) {
            String n = "b" + i + ".";
            NDArray q = Nn.linear(Nn.layerNorm(tokens, p.get(n + "xln.g"), p.get(n + "xln.b")), p.get(n + "xq.w"), null);
            NDArray k = Nn.linear(text, p.get(n + "xk.w"), null);
            NDArray v = Nn.linear(text, p.get(n + "xv.w"), null);
            tokens = tokens.add(Nn.linear(Nn.attention(q, k, v, RankerConfig.HEADS), p.get(n + "xo.w"), p.get(n + "xo.b")));
            tokens = TransformerBlock.forward(tokens, p, n + "self.", RankerConfig.HEADS);
        }
        NDArray pooled = Nn.layerNorm(tokens, p.get("out.ln.g"), p.get("out.ln.b")).mean(new int[] {1});
        NDArray hidden = Nn.gelu(Nn.linear(pooled, p.get("out.h.w"), p.get("out.h.b")));
        return Nn.linear(hidden, p.get("out.w"), p.get("out.b")).reshape(b);
    }

    private NDArray groupNorm(NDArray x, String name) {
        return Nn.groupNorm(x, Nn.groupsFor(x.getShape().get(1)), p.get(name + ".g"), p.get(name + ".b"));
    }

    @Override
    public void close() {
        p.close();
    }
}
