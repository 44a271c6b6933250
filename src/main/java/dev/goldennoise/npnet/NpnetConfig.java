package dev.goldennoise.npnet;

/**
 * The shapes of an NPNet: the latent it works on (C×H×W), the text embedding it reads (T tokens of width D), the
 * widths of its branches, and the ablation switches. Stored as JSON in the weights' metadata, so weights always
 * say what they fit.
 *
 * @param svdHidden     hidden width of the MLPs that embed U's columns and Vᵀ's rows (the official code: 64)
 * @param svdWidth      token width of the singular-value predictor (the official code: 256, the matrix size)
 * @param svdHeads      attention heads over the singular-triplet tokens (the official code: 8)
 * @param residualWidth channels of the residual predictor's convolutions
 * @param residualBlocks residual blocks in the residual predictor
 * @param useSvd        false: the singular-value predictor is left out and x_T stands in for its output
 * @param useResidual   false: the residual predictor is left out
 */
public record NpnetConfig(int channels, int height, int width, int textTokens, int textWidth, int svdHidden,
                          int svdWidth, int svdHeads, int residualWidth, int residualBlocks, boolean useSvd,
                          boolean useResidual) {
    public NpnetConfig {
        if (channels < 1 || height < 1 || width < 1 || textTokens < 1 || textWidth < 1) {
            throw new IllegalArgumentException("NPNet needs a positive latent and text shape, got latent " + channels + "×"
                    + height + "×" + width + " and text " + textTokens + "×" + textWidth);
        }
        if (svdWidth % svdHeads != 0) {
            throw new IllegalArgumentException("svdWidth " + svdWidth + " must be a multiple of svdHeads " + svdHeads);
        }
    }

    /** The widths used for the built-in model's 4×16×16 latent (about 0.2 M parameters, see the weights' card). */
    public static NpnetConfig standard(int c, int h, int w, int tokens, int textWidth) {
        return new NpnetConfig(c, h, w, tokens, textWidth, 64, 64, 4, 32, 2, true, true);
    }

    /** A few-thousand-parameter version for tests. */
    public static NpnetConfig tiny(int c, int h, int w, int tokens, int textWidth) {
        return new NpnetConfig(c, h, w, tokens, textWidth, 8, 8, 2, 8, 1, true, true);
    }

    public NpnetConfig withAblation(boolean svd, boolean residual) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, svd, residual);
    }

    /** "latent 4×16×16 and text 16×128", for messages. */
    public String describeShapes() {
        return "latent " + channels + "×" + height + "×" + width + " and text " + textTokens + "×" + textWidth;
    }

    public MatrixTiling tiling() {
        return MatrixTiling.of(channels, height, width);
    }
}
