package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TransformerBlock;

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
            TransformerBlock.init(p, "layer" + l + ".", d);
        }
        layerNorm("ln_final", d);
    }

    private void layerNorm(String name, int d) {
        TransformerBlock.layerNorm(p, name, d);
    }

    public TextEncoderConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    /** ids: (B, T) token ids as int32; returns (B, T, D). */
    public NDArray forward(NDArray ids) {
        NDArray x = ids.oneHot(config.vocabularySize()).matMul(p.get("tok_emb")).add(p.get("pos_emb"));
        for (int l = 0; l < config.layers(); l++) {
            x = TransformerBlock.forward(x, p, "layer" + l + ".", config.heads());
        }
        return Nn.layerNorm(x, p.get("ln_final.g"), p.get("ln_final.b"));
    }
}
