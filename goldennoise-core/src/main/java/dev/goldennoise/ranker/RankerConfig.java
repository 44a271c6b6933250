package dev.goldennoise.ranker;

/**
 * The shapes of a noise ranker: the latent it reads (C×H×W, H and W even), the text embedding (T tokens of width D),
 * the width of its convolutional stem, the width and depth of the attention layers over the half-resolution
 * grid, and {@code pool}: 1 reads the noise as it is, P &gt; 1 only its P×P block means (scaled back to unit variance),
 * the low frequencies where a noise's layout lives, on a grid of (H/P)×(W/P). Stored as JSON in the weights'
 * metadata, so weights always say what they fit.
 */
public record RankerConfig(int channels, int height, int width, int textTokens, int textWidth, int stemWidth,
                           int tokenWidth, int blocks, int pool) {
    public static final int HEADS = 4;

    public RankerConfig {
        if (channels < 1 || height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0 || textTokens < 1 || textWidth < 1) {
            throw new IllegalArgumentException("a noise ranker needs a positive latent shape with even height and width, and a"
                    + " positive text shape; got latent " + channels + "×" + height + "×" + width + " and text " + textTokens + "×" + textWidth);
        }
        if (pool < 1 || (pool > 1 && (height % pool != 0 || width % pool != 0))) {
            throw new IllegalArgumentException("the ranker's pool must be 1 or divide the latent's " + height + "×" + width + ", got " + pool);
        }
        if (stemWidth < 1 || tokenWidth < HEADS || tokenWidth % HEADS != 0 || blocks < 1) {
            throw new IllegalArgumentException("ranker widths must be positive, tokenWidth a multiple of " + HEADS
                    + ", and at least one block; got stemWidth " + stemWidth + ", tokenWidth " + tokenWidth + ", blocks " + blocks);
        }
    }

    /** The default size for a latent and text shape: small enough to rank hundreds of candidates in a blink. */
    public static RankerConfig forShapes(int channels, int height, int width, int textTokens, int textWidth) {
        return new RankerConfig(channels, height, width, textTokens, textWidth, 32, 64, 2, 1);
    }

    public boolean fits(int c, int h, int w, int t, int d) {
        return channels == c && height == h && width == w && textTokens == t && textWidth == d;
    }

    public String describeShapes() {
        return "latent " + channels + "×" + height + "×" + width + " and text " + textTokens + "×" + textWidth;
    }

    /** The side of the token grid's cells in latent positions: 2 without pooling (a stride-2 stem), else the pool. */
    int cell() {
        return pool > 1 ? pool : 2;
    }

    int gridTokens() {
        return (height / cell()) * (width / cell());
    }
}
