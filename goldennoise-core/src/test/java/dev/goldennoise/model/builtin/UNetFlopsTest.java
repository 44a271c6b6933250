package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.tensor.ParameterSet;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UNetFlopsTest {
    // channels 8 at full and 16 at half resolution, text width 8, time width 4·8 = 32
    private static final UNetConfig TINY = new UNetConfig(4, 8, 16, 8, 2);
    private static final int TOKENS = 3;

    @Test
    void tinyUNetMatchesTheHandCount() {
        // 4×4 latent: 16 positions at full resolution, 4 at half. Convolution: 2 · positions · cin · k² · cout.
        long conv = LongStream.of(
                2 * 16 * 4 * 9 * 8,     // conv_in 4→8
                2 * 16 * 8 * 9 * 8,     // down1.res conv1 8→8
                2 * 16 * 8 * 9 * 8,     // down1.res conv2
                2 * 4 * 8 * 9 * 8,      // down, stride 2: 4 output positions
                2 * 4 * 8 * 9 * 16,     // down2.res conv1 8→16
                2 * 4 * 16 * 9 * 16,    // down2.res conv2
                2 * 4 * 8 * 16,         // down2.res skip, 1×1
                2 * 4 * 16 * 9 * 16,    // mid.res1 conv1
                2 * 4 * 16 * 9 * 16,    // mid.res1 conv2
                2 * 4 * 16 * 9 * 16,    // mid.res2 conv1
                2 * 4 * 16 * 9 * 16,    // mid.res2 conv2
                2 * 4 * 32 * 9 * 16,    // up2.res conv1, 16+16 concatenated → 16
                2 * 4 * 16 * 9 * 16,    // up2.res conv2
                2 * 4 * 32 * 16,        // up2.res skip, 1×1
                2 * 16 * 16 * 9 * 16,   // up, after upsampling to 16 positions
                2 * 16 * 24 * 9 * 8,    // up1.res conv1, 16+8 concatenated → 8
                2 * 16 * 8 * 9 * 8,     // up1.res conv2
                2 * 16 * 24 * 8,        // up1.res skip, 1×1
                2 * 16 * 8 * 9 * 4      // conv_out 8→4
        ).sum();
        // a 16-position transformer of 8 channels without self-attention (down1.attn, up1.attn)
        long linearAt16 = 2 * 16 * 8 * 8        // proj_in
                + 2 * 16 * 8 * 8                // attn2.q
                + 2 * 3 * 8 * 8                 // attn2.k on 3 text tokens of width 8
                + 2 * 3 * 8 * 8                 // attn2.v
                + 2 * 16 * 8 * 8                // attn2.out
                + 2 * 16 * 8 * 32               // ff1
                + 2 * 16 * 32 * 8               // ff2
                + 2 * 16 * 8 * 8;               // proj_out
        long attentionAt16 = 2 * 16 * 3 * 8     // cross QKᵀ: 16 queries, 3 keys, 8 channels over all heads
                + 2 * 16 * 3 * 8;               // cross AV
        // a 4-position transformer of 16 channels with self-attention (down2.attn, mid.attn, up2.attn)
        long linearAt4 = 2 * 4 * 16 * 16        // proj_in
                + 2 * 4 * 16 * 48               // attn1.qkv
                + 2 * 4 * 16 * 16               // attn1.out
                + 2 * 4 * 16 * 16               // attn2.q
                + 2 * 3 * 8 * 16                // attn2.k
                + 2 * 3 * 8 * 16                // attn2.v
                + 2 * 4 * 16 * 16               // attn2.out
                + 2 * 4 * 16 * 64               // ff1
                + 2 * 4 * 64 * 16               // ff2
                + 2 * 4 * 16 * 16;              // proj_out
        long attentionAt4 = 2 * 4 * 4 * 16      // self QKᵀ
                + 2 * 4 * 4 * 16                // self AV
                + 2 * 4 * 3 * 16                // cross QKᵀ
                + 2 * 4 * 3 * 16;               // cross AV
        long perImageLinear = 2 * 8 * 32 + 2 * 32 * 32  // time MLP 8→32→32
                + 2 * 32 * (8 + 16 + 16 + 16 + 16 + 8); // six res blocks' time projections 32→cout
        long linear = perImageLinear + 2 * linearAt16 + 3 * linearAt4;
        long attention = 2 * attentionAt16 + 3 * attentionAt4;

        UNetFlops.Count count = UNetFlops.perImage(TINY, 4, 4, TOKENS);
        assertEquals(375_296, conv, "the hand sum itself");
        assertEquals(conv, count.convolutions());
        assertEquals(linear, count.linear());
        assertEquals(attention, count.attention());
        assertEquals(conv + linear + attention, count.total());
    }

    @Test
    void doublingTheTextWidthAddsOnlyTheKeyAndValueProjections() {
        UNetFlops.Count narrow = UNetFlops.perImage(TINY, 4, 4, TOKENS);
        UNetFlops.Count wide = UNetFlops.perImage(new UNetConfig(4, 8, 16, 16, 2), 4, 4, TOKENS);
        // k and v: 2 projections · 2 · 3 tokens · 8 more input channels · output channels, over the five
        // transformers' widths 8, 16, 16, 16, 8
        assertEquals(2 * 2 * 3 * 8 * (8 + 16 + 16 + 16 + 8), wide.linear() - narrow.linear());
        assertEquals(narrow.convolutions(), wide.convolutions());
        assertEquals(narrow.attention(), wide.attention());
    }

    @Test
    void doublingTheResolutionQuadruplesConvolutionsAndSelfAttentionGrowsSixteenfold() {
        UNetFlops.Count small = UNetFlops.perImage(TINY, 4, 4, TOKENS);
        UNetFlops.Count large = UNetFlops.perImage(TINY, 8, 8, TOKENS);
        assertEquals(4 * small.convolutions(), large.convolutions());
        // at 4×4: self-attention 3 · 2 · (2·4·4·16) = 3,072; cross-attention 2 · 1,536 + 3 · 768 = 5,376.
        // 8×8 has 4× the positions: self-attention is quadratic in them, cross-attention linear.
        assertEquals(3_072 + 5_376, small.attention());
        assertEquals(16 * 3_072 + 4 * 5_376, large.attention());
    }

    @Test
    void headsSplitTheSameMatmuls() {
        assertEquals(UNetFlops.perImage(TINY, 4, 4, TOKENS),
                UNetFlops.perImage(new UNetConfig(4, 8, 16, 8, 4), 4, 4, TOKENS));
    }

    /**
     * Cross-checks the walk against the layers the UNet actually builds: every conv and linear weight costs 2 FLOPs per
     * element per position it is applied at, so if a layer is added to UNet but not to the count, this fails.
     */
    @Test
    void convAndLinearCountMatchesTheBuiltWeights() {
        int h = 16;
        int tokens = 5;
        UNetConfig config = new UNetConfig(4, 16, 32, 16, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            UNet unet = new UNet(config, new ParameterSet(m, 3));
            long fromWeights = 0;
            for (Map.Entry<String, NDArray> e : unet.params().all().entrySet()) {
                String name = e.getKey();
                if (!name.endsWith(".w")) {
                    continue; // biases and norm gains: elementwise, not counted
                }
                fromWeights += 2 * e.getValue().getShape().size() * positions(name, h, tokens);
            }
            UNetFlops.Count count = UNetFlops.perImage(config, h, h, tokens);
            assertEquals(fromWeights, count.convolutions() + count.linear());
        }
    }

    /** How many times per image the forward applies the weight of this name. */
    private static long positions(String name, int h, int tokens) {
        if (name.startsWith("time.") || name.endsWith(".temb.w")) {
            return 1;
        }
        if (name.endsWith(".attn2.k.w") || name.endsWith(".attn2.v.w")) {
            return tokens;
        }
        boolean full = name.startsWith("conv_in.") || name.startsWith("conv_out.") || name.startsWith("up.")
                || name.startsWith("down1.") || name.startsWith("up1.");
        return full ? (long) h * h : (long) (h / 2) * (h / 2);
    }

    @Test
    void oddOrTooSmallLatentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UNetFlops.perImage(TINY, 5, 4, TOKENS));
        assertTrue(e.getMessage().contains("5×4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNetFlops.perImage(TINY, 0, 4, TOKENS));
        assertThrows(IllegalArgumentException.class, () -> UNetFlops.perImage(TINY, 4, 4, 0));
    }
}
