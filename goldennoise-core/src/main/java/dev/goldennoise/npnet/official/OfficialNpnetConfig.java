package dev.goldennoise.npnet.official;

/**
 * The shape of an official NPNet, as its checkpoint's tensors give it.
 *
 * @param resolution   the latent side R (128 for SDXL): the SVD branch sees one 2R×2R matrix of the 4 channels
 * @param textFeatures tokens × width of the prompt embedding the AdaGroupNorm reads (77·2048 for SDXL, 77·1024 for
 *                     Hunyuan-DiT)
 * @param svdHidden    hidden width of the MLPs over U's columns and Vᵀ's rows (64)
 * @param outHidden    hidden width of the MLP that predicts the singular values (1024)
 * @param swin         the residual branch's Swin Transformer
 */
public record OfficialNpnetConfig(int resolution, int textFeatures, int svdHidden, int outHidden, SwinConfig swin) {
    /** The latent's channels: the official code tiles exactly four, 2×2. */
    public static final int CHANNELS = 4;
    /** Heads of the SVD branch's attention (timm's Attention default, which the official code keeps). */
    public static final int SVD_HEADS = 8;
    /** Outputs of the text injection: a scale and a shift per latent channel. */
    public static final int TEXT_OUT = 2 * CHANNELS;

    public OfficialNpnetConfig {
        if (resolution < 1 || textFeatures < 1 || svdHidden < 1 || outHidden < 1) {
            throw new IllegalArgumentException("an official NPNet needs positive sizes, got resolution " + resolution
                    + ", text features " + textFeatures + ", hidden widths " + svdHidden + " and " + outHidden);
        }
        if (matrix() % SVD_HEADS != 0) {
            throw new IllegalArgumentException("the SVD branch's width " + matrix() + " must split into " + SVD_HEADS + " heads");
        }
    }

    /** The released SDXL (and DreamShaper) net for a text encoder of 77 tokens of this width. */
    public static OfficialNpnetConfig sdxl(int textWidth) {
        return new OfficialNpnetConfig(128, 77 * textWidth, 64, 1024, SwinConfig.tiny());
    }

    /** The side of the SVD branch's matrix: 2R. */
    public int matrix() {
        return 2 * resolution;
    }

    public String describe() {
        return "latent " + CHANNELS + "×" + resolution + "×" + resolution + " and " + textFeatures + " text features"
                + (textFeatures % 77 == 0 ? " (77×" + textFeatures / 77 + ")" : "");
    }
}
