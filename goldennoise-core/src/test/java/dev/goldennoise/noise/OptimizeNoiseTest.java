package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.SampledReward;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizeNoiseTest {
    private static final List<String> PROMPTS = List.of("a red circle", "two blue squares", "a green triangle left of a red square");
    private static final List<Long> SEEDS = List.of(5L, 6L, 7L);

    @Test
    void zeroIterationsReturnXtAndCostNothing() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(root, List.of(1L), new Shape(4, 2, 2));
            OptimizeNoise none = new OptimizeNoise(new OptimizeNoise.Settings(0, 0.05, 4), 7.5, null, null);
            assertEquals(xT, none.apply(xT, null, null));
            assertEquals(0, none.extraDenoiserCalls());
        }
        // ten differentiated rewards (forward + backward ≈ 3 passes) and one last forward-only, 4 steps × 2 (CFG) each
        assertEquals((3 * 10 + 1) * 8, new OptimizeNoise(new OptimizeNoise.Settings(10, 0.05, 4), 7.5, null, null).extraDenoiserCalls());
    }

    @Test
    void optionsParseAndBadOnesAreRefused() {
        assertEquals(OptimizeNoise.Settings.DEFAULTS, OptimizeNoise.Settings.parse("optimize"));
        // the reward's sampler follows the sampling's steps unless told otherwise
        assertEquals(new OptimizeNoise.Settings(10, 0.05, 8), OptimizeNoise.Settings.parse("optimize", 8));
        assertEquals(new OptimizeNoise.Settings(10, 0.05, 4), OptimizeNoise.Settings.parse("optimize:sampler=4", 8));
        assertEquals(new OptimizeNoise.Settings(10, 0.05, 50), OptimizeNoise.Settings.parse("optimize", 100));
        assertEquals(new OptimizeNoise.Settings(3, 0.1, 2), OptimizeNoise.Settings.parse("optimize:sampler=2:iters=3:lr=0.1"));
        assertEquals("optimize:iters=3:lr=0.1:sampler=2", new OptimizeNoise.Settings(3, 0.1, 2).spec());
        assertEquals(new OptimizeNoise.Settings(3, 0.1, 2, 4), OptimizeNoise.Settings.parse("optimize:sampler=2:iters=3:lr=0.1:pool=4"));
        assertEquals("optimize:iters=3:lr=0.1:sampler=2:pool=4", new OptimizeNoise.Settings(3, 0.1, 2, 4).spec());
        for (String bad : List.of("optimize:pool=0", "optimize:iters=-1", "optimize:lr=0", "optimize:lr=2", "optimize:lr=NaN", "optimize:sampler=0",
                "optimize:steps=3", "optimize:iters")) {
            assertThrows(IllegalArgumentException.class, () -> OptimizeNoise.Settings.parse(bad), bad);
        }
    }

    @Test
    void pooledGradientsAreBlockConstantAndKeepTheBlockMeans() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray g = Seeds.noise(root, List.of(3L, 4L), new Shape(2, 4, 6));
            float[] in = g.toFloatArray();
            float[] out = OptimizeNoise.blockMeans(g, 2).toFloatArray();
            for (int b = 0; b < 2 * 2; b++) { // items × channels
                for (int by = 0; by < 2; by++) {
                    for (int bx = 0; bx < 3; bx++) {
                        double mean = 0;
                        for (int y = 0; y < 2; y++) {
                            for (int x = 0; x < 2; x++) {
                                mean += in[b * 24 + (2 * by + y) * 6 + 2 * bx + x] / 4.0;
                            }
                        }
                        for (int y = 0; y < 2; y++) {
                            for (int x = 0; x < 2; x++) {
                                assertEquals(mean, out[b * 24 + (2 * by + y) * 6 + 2 * bx + x], 1e-5);
                            }
                        }
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> OptimizeNoise.blockMeans(g, 4));
        }
    }

    @Test
    void anItemWhoseRewardOrGradientIsNotFiniteStopsForGood() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray grad = root.create(new float[] {1, 2, Float.NaN, 4, 5, 6}, new Shape(3, 2));
            boolean[] stopped = new boolean[3];
            float[] out = OptimizeNoise.stopWhereNotFinite(grad, new float[] {1f, 2f, Float.NaN}, stopped, root).toFloatArray();
            assertArrayEquals(new float[] {1, 2, 0, 0, 0, 0}, out);
            assertArrayEquals(new boolean[] {false, true, true}, stopped);
            // once stopped, an item stays stopped even when its next gradient is finite
            float[] again = OptimizeNoise.stopWhereNotFinite(root.create(new float[] {1, 1, 1, 1, 1, 1}, new Shape(3, 2)),
                    new float[] {1f, 1f, 1f}, stopped, root).toFloatArray();
            assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0}, again);
        }
    }

    @Test
    void raisesTheRewardOfEveryItemAndKeepsTheNoiseOnItsSphere() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(PROMPTS, SEEDS, model.textEncoder().encode(PROMPTS, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, SEEDS, model.latentShape());
            NDArray out = new OptimizeNoise(new OptimizeNoise.Settings(6, 0.1, 2), 3.0, scorer, null).apply(xT, batch, model);

            SampledReward reward = new SampledReward(model, scorer, 2, 3.0);
            NDArray texts = reward.prompts(PROMPTS, root);
            float[] before = reward.reward(xT, batch.cond(), batch.uncond(), texts).toFloatArray();
            float[] after = reward.reward(out, batch.cond(), batch.uncond(), texts).toFloatArray();
            float[] r0 = xT.square().sum(new int[] {1, 2, 3}).sqrt().toFloatArray();
            float[] r1 = out.square().sum(new int[] {1, 2, 3}).sqrt().toFloatArray();
            for (int i = 0; i < PROMPTS.size(); i++) {
                assertTrue(after[i] > before[i] + 1e-3, "item " + i + ": reward " + before[i] + " → " + after[i]);
                assertEquals(r0[i], r1[i], 1e-3 * r0[i], "item " + i + " left the sphere of x_T's radius");
            }
        }
    }

    @Test
    void refusesAModelGradientsCannotFlowThrough() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel d = built.asDiffusionModel();
            DiffusionModel export = new DiffusionModel("onnx:x", d.textEncoder(), d.denoiser(), d.decoder(), d.latentShape(), d.schedule());
            NDArray xT = Seeds.noise(root, List.of(1L), d.latentShape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OptimizeNoise(OptimizeNoise.Settings.DEFAULTS, 3.0, null, null).apply(xT, null, export));
            assertTrue(e.getMessage().contains("search"), e.getMessage());
        }
    }
}
