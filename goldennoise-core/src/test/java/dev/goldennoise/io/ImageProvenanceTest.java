package dev.goldennoise.io;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ImageProvenanceTest {
    private static final String MODEL_DIGEST = "0f89eda706147d11e8502889768071f48671bea0a3e00a66f65de780402901f9";
    private static final String NOISE_DIGEST = "b52b667bd9c6548b36b6a8a12cb7ad0799fa375808777874180a2ebffe5c0e6c";
    private static final String COMMIT = "3bf300c71e5d088b5bf2f6206faa8b7de0fb88a3";

    @Test
    void everyKeyAndTheAutomatic1111Line() {
        Map<String, String> t = new ImageProvenance("base", MODEL_DIGEST, 20, 7.5, COMMIT)
                .text("a red circle", "3", "npnet", NOISE_DIGEST, 64, 64);
        assertEquals(List.of("goldennoise:prompt", "goldennoise:seed", "goldennoise:noise", "goldennoise:noise_digest",
                "goldennoise:model", "goldennoise:model_digest", "goldennoise:sampler", "goldennoise:steps", "goldennoise:cfg",
                "goldennoise:commit", "parameters"), List.copyOf(t.keySet()));
        assertEquals("a red circle", t.get(ImageProvenance.PROMPT));
        assertEquals("ddim", t.get(ImageProvenance.SAMPLER));
        assertEquals("7.5", t.get(ImageProvenance.CFG));
        assertEquals(NOISE_DIGEST, t.get(ImageProvenance.NOISE_DIGEST));
        assertEquals("a red circle\nSteps: 20, Sampler: DDIM, CFG scale: 7.5, Seed: 3, Size: 64x64, Model hash: 0f89eda706,"
                + " Model: base, Noise: npnet, Noise hash: b52b667bd9, Version: goldennoise 3bf300c71e", t.get("parameters"));
    }

    @Test
    void aStrategyWithoutWeightsAndAnUnknownCommit() {
        Map<String, String> t = new ImageProvenance("base", MODEL_DIGEST, 4, 3.0, null)
                .text("two blue squares", "0-5", "standard", null, 128, 64);
        assertFalse(t.containsKey(ImageProvenance.NOISE_DIGEST));
        assertEquals("unknown", t.get(ImageProvenance.COMMIT));
        assertEquals("two blue squares\nSteps: 4, Sampler: DDIM, CFG scale: 3.0, Seed: 0-5, Size: 128x64, Model hash: 0f89eda706,"
                + " Model: base, Noise: standard, Version: goldennoise unknown", t.get("parameters"));
    }

    @Test
    void theGeneratorOfTheSeedFollowsTheSeed() {
        Map<String, String> t = new ImageProvenance("base", MODEL_DIGEST, 20, 7.5, COMMIT).withRng("torch")
                .text("a red circle", "3", "standard", null, 64, 64);
        assertEquals(List.of("goldennoise:prompt", "goldennoise:seed", "goldennoise:rng", "goldennoise:noise"),
                List.copyOf(t.keySet()).subList(0, 4));
        assertEquals("torch", t.get(ImageProvenance.RNG));
    }
}
