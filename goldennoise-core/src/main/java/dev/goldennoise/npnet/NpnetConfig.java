package dev.goldennoise.npnet;

import dev.goldennoise.model.builtin.UNetConfig;

/**
 * The shapes of an NPNet: the latent it works on (C×H×W), the text embedding it reads (T tokens of width D), the
 * widths of its branches, and the ablation switches. Stored as JSON in the weights' metadata, so weights always
 * say what they fit.
 *
 * @param svdHidden     hidden width of the MLPs that embed U's columns and Vᵀ's rows (the official code: 64)
 * @param svdWidth      token width d of the singular-value predictor (the official code: 256, the matrix size). A
 *                      width of its own rather than the matrix size, because a non-square tile (rows ≠ cols, e.g.
 *                      3 channels → 1×3) gives U columns and Vᵀ rows of different lengths: both are projected to d
 * @param svdHeads      attention heads over the singular-triplet tokens (the official code: 8)
 * @param residualWidth channels of the residual predictor's convolutions
 * @param residualBlocks residual blocks in the residual predictor
 * @param useSvd        false: the singular-value predictor is left out and x_T stands in for its output
 * @param useResidual   false: the residual predictor is left out
 * @param attentionWidth width of the spatial text path, 0 for none (the paper's NPNet): every latent position attends
 *                      to the prompt's token embeddings in {@value #ATTENTION_BLOCKS} cross-attention blocks and adds
 *                      a correction through a zero-initialised output, so the prompt can say <em>where</em> the noise
 *                      should change ("left of", "three"), which the paper's per-channel text injection cannot.
 *                      Weights saved before this field existed have none.
 * @param attentionPatch side of the square latent patch one token of the spatial text path covers (1: every latent
 *                      position is a token). A patch of p gives the path p² times fewer tokens: they come from
 *                      a stride-p convolution and each returns a p×p block of the correction, so the correction stays
 *                      full-resolution while the path computes on H/p × W/p tokens. Weights saved before this field
 *                      existed have 1.
 * @param denoiser      the shape of a denoiser branch, null for none: a copy of the base model's own UNet, started
 *                      from its weights, reads x_T and the prompt at {@code denoiserTimestep} and adds its output
 *                      through a zero-initialised 1×1 convolution. It gives the net the features the sampler itself
 *                      computes from x_T (HyperNoise fine-tunes the base model for the same reason), at the price of
 *                      one conditional UNet pass. Weights saved before this field existed have none.
 * @param denoiserTimestep the timestep the denoiser branch reads x_T at: the first of the sampler it was trained through
 * @param denoiserEncoderOnly the branch is the UNet's down path alone: its features at full and half resolution go
 *                      through a group norm and the zero-initialised 1×1 convolution, at a fraction of a
 *                      UNet pass's cost, which is what fits a few-step sampler's budget. Weights saved before this
 *                      field existed have the whole UNet.
 * @param keepNorm      rescale each golden noise to x_T's norm, so that the move turns the noise on its sphere and never
 *                      grows it: a sampler sees norms far from √(C·H·W) only off the Gaussian shell, and gradient
 *                      ascent (the {@code optimize} teacher) keeps to the sphere for that reason. Weights saved
 *                      before this field existed do not rescale.
 */
public record NpnetConfig(int channels, int height, int width, int textTokens, int textWidth, int svdHidden,
                          int svdWidth, int svdHeads, int residualWidth, int residualBlocks, boolean useSvd,
                          boolean useResidual, int attentionWidth, int attentionPatch, UNetConfig denoiser,
                          int denoiserTimestep, boolean denoiserEncoderOnly, boolean keepNorm) {
    public static final int ATTENTION_BLOCKS = 2;
    public static final int ATTENTION_HEADS = 4;

    public NpnetConfig {
        if (channels < 1 || height < 1 || width < 1 || textTokens < 1 || textWidth < 1) {
            throw new IllegalArgumentException("NPNet needs a positive latent and text shape, got latent " + channels + "×"
                    + height + "×" + width + " and text " + textTokens + "×" + textWidth);
        }
        if (svdHidden < 1 || svdWidth < 1 || svdHeads < 1 || residualWidth < 1 || residualBlocks < 0) {
            throw new IllegalArgumentException("NPNet widths must be positive (and residualBlocks ≥ 0), got svdHidden "
                    + svdHidden + ", svdWidth " + svdWidth + ", svdHeads " + svdHeads + ", residualWidth " + residualWidth
                    + ", residualBlocks " + residualBlocks);
        }
        if (attentionWidth < 0 || attentionWidth % ATTENTION_HEADS != 0) {
            throw new IllegalArgumentException("attentionWidth must be 0 or a positive multiple of " + ATTENTION_HEADS + ", got "
                    + attentionWidth);
        }
        if (attentionPatch == 0) {
            attentionPatch = 1; // a configuration saved before the field existed
        }
        if (attentionPatch < 1 || height % attentionPatch != 0 || width % attentionPatch != 0) {
            throw new IllegalArgumentException("attentionPatch must be a positive divisor of the latent's height " + height
                    + " and width " + width + ", got " + attentionPatch);
        }
        if (denoiser != null && (denoiser.latentChannels() != channels || denoiser.textWidth() != textWidth
                || height % 2 != 0 || width % 2 != 0 || denoiserTimestep < 0)) {
            throw new IllegalArgumentException("the denoiser branch needs a UNet for " + channels + " latent channels and text of width "
                    + textWidth + ", an even latent size and a timestep ≥ 0, got " + denoiser + " at timestep " + denoiserTimestep
                    + " for " + describeShapes(channels, height, width, textTokens, textWidth));
        }
        if (svdWidth % svdHeads != 0) {
            throw new IllegalArgumentException("svdWidth " + svdWidth + " must be a multiple of svdHeads " + svdHeads);
        }
    }

    /**
     * The widths used for the built-in model's 4×16×16 latent with 16×128 text: 112,014 parameters (text injection
     * 16,392, singular-value predictor 55,968, residual predictor 39,652, α and β). The shipped weights were trained
     * with these widths, so they stay the default; the official 256-wide singular-value predictor is sized for a
     * 256×256 matrix, ours is 32×32.
     */
    public static NpnetConfig standard(int c, int h, int w, int tokens, int textWidth) {
        return new NpnetConfig(c, h, w, tokens, textWidth, 64, 64, 4, 32, 2, true, true, 0, 1, null, 0, false, false);
    }

    /** A few-thousand-parameter version for tests. */
    public static NpnetConfig tiny(int c, int h, int w, int tokens, int textWidth) {
        return new NpnetConfig(c, h, w, tokens, textWidth, 8, 8, 2, 8, 1, true, true, 0, 1, null, 0, false, false);
    }

    public NpnetConfig withAblation(boolean svd, boolean residual) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, svd, residual, attentionWidth, attentionPatch, denoiser, denoiserTimestep, denoiserEncoderOnly, keepNorm);
    }

    /** The same net with a spatial text path of this width (0 removes it). */
    public NpnetConfig withAttention(int attention) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, useSvd, useResidual, attention, attentionPatch, denoiser, denoiserTimestep, denoiserEncoderOnly, keepNorm);
    }

    /** The same net with spatial-text tokens of patch×patch latent positions. */
    public NpnetConfig withAttentionPatch(int patch) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, useSvd, useResidual, attentionWidth, patch, denoiser, denoiserTimestep, denoiserEncoderOnly, keepNorm);
    }

    /** The same net with a denoiser branch of this UNet shape read at {@code timestep} (null removes it). */
    public NpnetConfig withDenoiser(UNetConfig unet, int timestep) {
        return withDenoiser(unet, timestep, false);
    }

    /** As {@link #withDenoiser(UNetConfig, int)}; with {@code encoderOnly} the branch is the UNet's down path alone. */
    public NpnetConfig withDenoiser(UNetConfig unet, int timestep, boolean encoderOnly) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, useSvd, useResidual, attentionWidth, attentionPatch, unet, unet == null ? 0 : timestep,
                unet != null && encoderOnly, keepNorm);
    }

    /** The same net, its output put back on x_T's sphere (or left off it). */
    public NpnetConfig withKeepNorm(boolean keep) {
        return new NpnetConfig(channels, height, width, textTokens, textWidth, svdHidden, svdWidth, svdHeads, residualWidth,
                residualBlocks, useSvd, useResidual, attentionWidth, attentionPatch, denoiser, denoiserTimestep, denoiserEncoderOnly, keep);
    }

    /** Tokens of the spatial text path: one per patch. */
    public int attentionTokens() {
        return (height / attentionPatch) * (width / attentionPatch);
    }

    /** "latent 4×16×16 and text 16×128", for messages. */
    public String describeShapes() {
        return describeShapes(channels, height, width, textTokens, textWidth);
    }

    /** The same wording for shapes that have no configuration yet (a base model's latent and text encoder). */
    public static String describeShapes(int channels, int height, int width, int textTokens, int textWidth) {
        return "latent " + channels + "×" + height + "×" + width + " and text " + textTokens + "×" + textWidth;
    }

    /** Whether weights of this configuration fit a model with this latent and text shape. */
    public boolean fits(int c, int h, int w, int tokens, int textWidth) {
        return channels == c && height == h && width == w && textTokens == tokens && this.textWidth == textWidth;
    }

    public MatrixTiling tiling() {
        return MatrixTiling.of(channels, height, width);
    }
}
