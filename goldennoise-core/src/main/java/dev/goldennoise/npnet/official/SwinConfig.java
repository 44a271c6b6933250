package dev.goldennoise.npnet.official;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a Swin Transformer as timm builds it: patch embedding, then stages of blocks, each stage after the
 * first starting with a 2×2 patch merging, then a final LayerNorm. NPNet's residual branch is timm's
 * {@code swin_tiny_patch4_window7_224}: {@link #tiny()}.
 *
 * @param image     input side in pixels (224: NPNet resizes its input to it)
 * @param patch     patch side (4)
 * @param embedDim  width of the first stage (96); each stage doubles it
 * @param window    attention window side (7); a stage whose map is no larger uses the whole map and no shift
 * @param depths    blocks per stage (2, 2, 6, 2)
 * @param heads     attention heads per stage (3, 6, 12, 24)
 * @param mlpRatio  hidden width of each block's MLP over its width (4)
 */
public record SwinConfig(int image, int patch, int embedDim, int window, int[] depths, int[] heads, int mlpRatio) {
    public SwinConfig {
        if (depths.length != heads.length || depths.length == 0) {
            throw new IllegalArgumentException("a Swin needs one head count per stage, got " + depths.length + " stages and "
                    + heads.length + " head counts");
        }
        if (patch < 1 || image % patch != 0 || (image / patch) % (1 << (depths.length - 1)) != 0) {
            throw new IllegalArgumentException("a Swin's " + image + "-pixel input must split into " + patch
                    + "-pixel patches that halve " + (depths.length - 1) + " times");
        }
        for (int i = 0; i < depths.length; i++) {
            if (heads[i] < 1 || width(i) % heads[i] != 0) {
                throw new IllegalArgumentException("stage " + i + " of width " + width(i) + " cannot have " + heads[i] + " heads");
            }
        }
        depths = depths.clone();
        heads = heads.clone();
    }

    public static SwinConfig tiny() {
        return new SwinConfig(224, 4, 96, 7, new int[] {2, 2, 6, 2}, new int[] {3, 6, 12, 24}, 4);
    }

    public int stages() {
        return depths.length;
    }

    public int width(int stage) {
        return embedDim << stage;
    }

    /** The side of stage {@code stage}'s feature map (56, 28, 14, 7 for Swin-T). */
    public int resolution(int stage) {
        return image / patch >> stage;
    }

    /** The window side stage {@code stage} attends in: the window, or the whole map when that is smaller. */
    public int window(int stage) {
        return Math.min(window, resolution(stage));
    }

    /** The cyclic shift of the odd blocks: half a window, or none where the window covers the map. */
    public int shift(int stage) {
        return resolution(stage) <= window ? 0 : window / 2;
    }

    /** The side of the output grid (7) and the output width (768). */
    public int grid() {
        return resolution(stages() - 1);
    }

    public int features() {
        return width(stages() - 1);
    }

    @Override
    public int[] depths() {
        return depths.clone();
    }

    @Override
    public int[] heads() {
        return heads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwinConfig s && s.image == image && s.patch == patch && s.embedDim == embedDim
                && s.window == window && Arrays.equals(s.depths, depths) && Arrays.equals(s.heads, heads)
                && s.mlpRatio == mlpRatio;
    }

    @Override
    public int hashCode() {
        return Objects.hash(image, patch, embedDim, window, Arrays.hashCode(depths),
                Arrays.hashCode(heads), mlpRatio);
    }

    @Override
    public String toString() {
        return "Swin(image " + image + ", patch " + patch + ", width " + embedDim + ", window " + window + ", depths "
                + Arrays.toString(depths) + ", heads " + Arrays.toString(heads) + ", mlp ×" + mlpRatio + ")";
    }
}
