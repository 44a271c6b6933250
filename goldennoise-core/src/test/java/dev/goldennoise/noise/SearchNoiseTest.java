package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.ChannelSumScorer;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchNoiseTest {
    private static final Scorer RED = new ChannelSumScorer(0);

    @Test
    void zeroCandidatesReturnXtAndCostNothing() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(root, List.of(1L), new Shape(4, 2, 2));
            SearchNoise none = new SearchNoise(new SearchNoise.Settings(0, 0.3, 1), 20, 7.5, RED, null);
            assertEquals(xT, none.apply(xT, null, null));
            assertEquals(0, none.extraDenoiserCalls());
        }
        assertEquals((1 + 3 * 2) * 40, new SearchNoise(new SearchNoise.Settings(3, 0.3, 2), 20, 7.5, RED, null).extraDenoiserCalls());
        assertEquals((1 + 3) * 2 * 4, new SearchNoise(new SearchNoise.Settings(3, 0.3, 1, 4), 20, 7.5, RED, null).extraDenoiserCalls());
        assertThrows(IllegalArgumentException.class, () -> new SearchNoise(new SearchNoise.Settings(3, 0.3, 1, 21), 20, 7.5, RED, null));
    }

    @Test
    void aLookaheadOfEveryStepPicksAsWholeSamplingDoesAndAShortOneMayNot() {
        List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle", "a red square");
        List<Long> seeds = List.of(5L, 6L, 7L, 8L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            float[] whole = new SearchNoise(new SearchNoise.Settings(4, 0.5, 1), 3, 3.0, RED, null).apply(xT, batch, model).toFloatArray();
            float[] lookaheadAll = new SearchNoise(new SearchNoise.Settings(4, 0.5, 1, 3), 3, 3.0, RED, null).apply(xT, batch, model)
                    .toFloatArray();
            assertArrayEquals(whole, lookaheadAll, 1e-6f);
            // a one-step lookahead judges each candidate by the image of its clean latent predicted at the first timestep
            float[] lookaheadOne = new SearchNoise(new SearchNoise.Settings(4, 0.5, 1, 1), 3, 3.0, RED, null).apply(xT, batch, model)
                    .toFloatArray();
            DdimScheduler oneStep = model.ddim(3).firstSteps(1);
            CfgSampler guide = new CfgSampler(model.denoiser());
            int per = (int) model.latentShape().size();
            for (int i = 0; i < prompts.size(); i++) {
                float[] x = Seeds.gaussian(seeds.get(i), per);
                float[] best = x;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= 4; j++) {
                    float[] n = x;
                    if (j > 0) {
                        float[] z = Seeds.gaussian(SearchNoise.neighbourSeed(seeds.get(i), 0, j), per);
                        n = new float[per];
                        for (int e = 0; e < per; e++) {
                            n[e] = (float) Math.sqrt(1 - 0.25) * x[e] + 0.5f * z[e];
                        }
                    }
                    NDArray latent = guide.sample(root.create(n, new Shape(1).addAll(model.latentShape())),
                            oneStep, model.textEncoder().encode(List.of(prompts.get(i)), root),
                            model.textEncoder().encode(List.of(""), root), 3.0);
                    double sc = RED.score(ImageBatches.unstack(model.decoder().decode(latent)), List.of(prompts.get(i)))[0];
                    if (sc > bestScore) {
                        bestScore = sc;
                        best = n;
                    }
                }
                float[] mine = new float[per];
                System.arraycopy(lookaheadOne, i * per, mine, 0, per);
                assertArrayEquals(best, mine, 1e-5f, "item " + i);
            }
        }
    }

    @Test
    void optionsParseAndBadOnesAreRefused() {
        assertEquals(SearchNoise.Settings.DEFAULTS, SearchNoise.Settings.parse("search"));
        assertEquals(new SearchNoise.Settings(5, 0.5, 2), SearchNoise.Settings.parse("search:rounds=2:k=5:lambda=0.5"));
        assertEquals("search:k=5:lambda=0.5:rounds=2", new SearchNoise.Settings(5, 0.5, 2).spec());
        assertEquals(new SearchNoise.Settings(3, 0.3, 1, 4), SearchNoise.Settings.parse("search:lookahead=4"));
        assertEquals("search:k=3:lambda=0.3:rounds=1:lookahead=4", new SearchNoise.Settings(3, 0.3, 1, 4).spec());
        for (String bad : List.of("search:k=-1", "search:lambda=0", "search:lambda=1.5", "search:lambda=NaN", "search:rounds=0",
                "search:k=300", "search:q=1", "search:lookahead=-1", "search:k", "search:k=x")) {
            assertThrows(IllegalArgumentException.class, () -> SearchNoise.Settings.parse(bad), bad);
        }
    }

    @Test
    void keepsTheBestOfXtAndItsNeighboursByTheScorer() {
        List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle");
        List<Long> seeds = List.of(5L, 6L, 7L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            int k = 3;
            double lambda = 0.3;
            float[] got = new SearchNoise(new SearchNoise.Settings(k, lambda, 1), 3, 3.0, RED, null).apply(xT, batch, model).toFloatArray();

            int per = (int) model.latentShape().size();
            ImagePipeline pipeline = new ImagePipeline(model, 3, 3.0, 8);
            int moved = 0;
            for (int i = 0; i < prompts.size(); i++) {
                float[] x = Seeds.gaussian(seeds.get(i), per);
                float[] best = x;
                double bestScore = score(model, pipeline, prompts.get(i), x, root);
                for (int j = 1; j <= k; j++) {
                    float[] z = Seeds.gaussian(SearchNoise.neighbourSeed(seeds.get(i), 0, j), per);
                    float[] n = new float[per];
                    for (int e = 0; e < per; e++) {
                        n[e] = (float) Math.sqrt(1 - lambda * lambda) * x[e] + (float) lambda * z[e];
                    }
                    double s = score(model, pipeline, prompts.get(i), n, root);
                    if (s > bestScore) {
                        bestScore = s;
                        best = n;
                    }
                }
                moved += best == x ? 0 : 1;
                float[] mine = new float[per];
                System.arraycopy(got, i * per, mine, 0, per);
                assertArrayEquals(best, mine, 1e-5f, "item " + i);
            }
            assertTrue(moved > 0, "the test should exercise a neighbour being chosen");
        }
    }

    /** The scorer's score of the image sampled from one given noise, through the ordinary pipeline. */
    private static double score(DiffusionModel model, ImagePipeline pipeline, String prompt, float[] noise, NDManager root) {
        NoiseStrategy fixed = new NoiseStrategy() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel m) {
                return xT.getManager().create(noise, xT.getShape());
            }

            @Override
            public int extraDenoiserCalls() {
                return 0;
            }
        };
        RgbImage image = pipeline.generate(List.of(new ImagePipeline.Job(prompt, 0)), fixed, root, d -> { }).get(0);
        return RED.score(List.of(image), List.of(prompt))[0];
    }
}
