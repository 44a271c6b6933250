package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;

/**
 * A small pre-norm transformer over word tokens, giving token-level states (B, T, D) like CLIP's text tower. It is
 * trained jointly with the UNet (see docs/MODEL.md for why) and has no padding mask: like Stable Diffusion's CLIP,
 * padding positions carry learned states the UNet may attend to.
 */
public final class TextTransformer {
    private final TextEncoderConfig config;
    private final ParameterSet p;

    public TextTransformer(TextEncoderConfig config, ParameterSet params) {
        this.config = config;
        this.p = params;
        int d = config.width();
        p.normal("tok_emb", new Shape(config.vocabularySize(), d), 0.02);
        p.normal("pos_emb", new Shape(config.maxLength(), d), 0.02);
        for (int l = 0; l < config.layers(); l++) {
            String n = "layer" + l + ".";
            layerNorm(n + "ln1", d);
            p.uniform(n + "attn.qkv.w", new Shape(3L * d, d), d, 1);
            p.uniform(n + "attn.out.w", new Shape(d, d), d, 1);
            p.constant(n + "attn.out.b", new Shape(d), 0);
            layerNorm(n + "ln2", d);
            p.uniform(n + "ff1.w", new Shape(4L * d, d), d, 1);
            p.constant(n + "ff1.b", new Shape(4L * d), 0);
            p.uniform(n + "ff2.w", new Shape(d, 4L * d), 4L * d, 1);
            p.constant(n + "ff2.b", new Shape(d), 0);
        }
        layerNorm("ln_final", d);
    }

    private void layerNorm(String name, int d) {
        p.constant(name + ".g", new Shape(d), 1);
        p.constant(name + ".b", new Shape(d), 0);
    }

    public TextEncoderConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    /** ids: (B, T) token ids as int32; returns (B, T, D). */
    public NDArray forward(NDArray ids) {
        int d = config.width();
        NDArray x = ids.oneHot(config.vocabularySize()).matMul(p.get("tok_emb")).add(p.get("pos_emb"));
        for (int l = 0; l < config.layers(); l++) {
            String n = "layer" + l + ".";
            NDArray h = Nn.layerNorm(x, p.get(n + "ln1.g"), p.get(n + "ln1.b"));
            NDArray qkv = Nn.linear(h, p.get(n + "attn.qkv.w"), null);
            NDArray q = qkv.get(":, :, 0:" + d);
            NDArray k = qkv.get(":, :, " + d + ":" + 2 * d);
            NDArray v = qkv.get(":, :, " + 2 * d + ":");
            NDArray a = Nn.attention(q, k, v, config.heads());
            x = x.add(Nn.linear(a, p.get(n + "attn.out.w"), p.get(n + "attn.out.b")));
            h = Nn.layerNorm(x, p.get(n + "ln2.g"), p.get(n + "ln2.b"));
            h = Nn.gelu(Nn.linear(h, p.get(n + "ff1.w"), p.get(n + "ff1.b")));
            x = x.add(Nn.linear(h, p.get(n + "ff2.w"), p.get(n + "ff2.b")));
        }
        return Nn.layerNorm(x, p.get("ln_final.g"), p.get("ln_final.b"));
    }
}
