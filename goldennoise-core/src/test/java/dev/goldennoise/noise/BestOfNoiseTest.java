package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.ChannelSumScorer;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class BestOfNoiseTest {
    private static final Scorer RED = new ChannelSumScorer(0);

    @Test
    void keepsTheCandidateWhoseImageScoresBest() {
        List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle");
        List<Long> seeds = List.of(5L, 6L, 7L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            ImagePipeline pipeline = new ImagePipeline(model, 3, 3.0, 8);
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            int n = 3;
            NDArray chosen = new BestOfNoise(n, 3, 3.0, RED).apply(xT, batch, model);

            // each candidate's image made the ordinary way, one job per (item, candidate)
            int per = (int) model.latentShape().size();
            float[] got = chosen.toFloatArray();
            int differentFromFirst = 0;
            for (int i = 0; i < prompts.size(); i++) {
                double best = Double.NEGATIVE_INFINITY;
                float[] bestNoise = null;
                for (int k = 0; k < n; k++) {
                    long seed = k == 0 ? seeds.get(i) : BestOfNoise.candidateSeed(seeds.get(i), k);
                    RgbImage image = pipeline.generate(List.of(new ImagePipeline.Job(prompts.get(i), seed)), new StandardNoise(), root, d -> { }).get(0);
                    double s = RED.score(List.of(image), List.of(prompts.get(i)))[0];
                    if (s > best) {
                        best = s;
                        bestNoise = Seeds.gaussian(seed, per);
                        differentFromFirst += k > 0 ? 1 : 0;
                    }
                }
                float[] mine = new float[per];
                System.arraycopy(got, i * per, mine, 0, per);
                assertArrayEquals(bestNoise, mine, 1e-6f, "item " + i);
            }
            assertNotEquals(0, differentFromFirst, "the test should exercise a choice other than x_T");
        }
    }

    @Test
    void bestOfOneIsStandardAndCostCountsEveryCandidate() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(root, List.of(1L), new ai.djl.ndarray.types.Shape(4, 2, 2));
            assertEquals(xT, new BestOfNoise(1, 20, 7.5, RED).apply(xT, null, null));
        }
        assertEquals(4 * 40, new BestOfNoise(4, 20, 7.5, RED).extraDenoiserCalls());
        assertEquals("best-of-4", new BestOfNoise(4, 20, 7.5, RED).name());
    }

    @Test
    void aPreviewRanksByTheShortSamplersImages() {
        List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle");
        List<Long> seeds = List.of(5L, 6L, 7L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            // a 2-step preview under 5-step sampling picks what full best-of-N picks under 2-step sampling
            float[] previewed = new BestOfNoise(4, 2, 5, 3.0, RED, null).apply(xT, batch, model).toFloatArray();
            float[] full = new BestOfNoise(4, 0, 2, 3.0, RED, null).apply(xT, batch, model).toFloatArray();
            assertArrayEquals(full, previewed, 0f);
        }
        BestOfNoise previewed = new BestOfNoise(4, 2, 20, 7.5, RED, null);
        assertEquals("best-of-4:preview=2", previewed.name());
        assertEquals(4 * 2 * 2, previewed.extraDenoiserCalls());
        assertEquals("best-of-4", new BestOfNoise(4, 20, 20, 7.5, RED, null).name(), "a preview as long as sampling is none");
        assertEquals(new BestOfNoise.Spec(4, 2), BestOfNoise.parse("best-of-4:preview=2"));
        assertEquals(new BestOfNoise.Spec(8, 0), BestOfNoise.parse("best-of-8"));
        for (String bad : List.of("best-of-x", "best-of-0", "best-of-4:preview=0", "best-of-4:k=2", "best-of-4:preview")) {
            assertThrows(IllegalArgumentException.class, () -> BestOfNoise.parse(bad), bad);
        }
    }

    @Test
    void candidateSeedsOfNearbyItemsDiffer() {
        List<Long> seen = new ArrayList<>();
        for (long s = 0; s < 20; s++) {
            for (int k = 1; k < 4; k++) {
                long c = BestOfNoise.candidateSeed(s, k);
                assertEquals(false, seen.contains(c));
                seen.add(c);
            }
        }
    }
}
