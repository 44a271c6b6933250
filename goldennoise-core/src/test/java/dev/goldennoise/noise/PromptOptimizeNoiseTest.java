package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.SampledReward;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptOptimizeNoiseTest {
    private static final PromptOptimizeNoise.Settings SMALL = new PromptOptimizeNoise.Settings(4, 4, 0.1, 2);

    @Test
    void noNoisesOrNoIterationsReturnXtAndCostNothing() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(root, List.of(1L), new Shape(4, 2, 2));
            for (PromptOptimizeNoise.Settings s : List.of(new PromptOptimizeNoise.Settings(0, 4, 0.1, 2), new PromptOptimizeNoise.Settings(4, 0, 0.1, 2))) {
                PromptOptimizeNoise none = new PromptOptimizeNoise(s, 7.5, null, null);
                assertEquals(xT, none.apply(xT, null, null));
                assertEquals(0, none.extraDenoiserCalls());
            }
        }
        // per prompt: 4 noises × (4 differentiated rewards ≈ 3 passes each, one last forward), 2 steps × 2 (CFG) each
        assertEquals(4 * (3 * 4 + 1) * 4, new PromptOptimizeNoise(SMALL, 7.5, null, null).extraDenoiserCalls());
    }

    @Test
    void optionsParseAndBadOnesAreRefused() {
        assertEquals(PromptOptimizeNoise.Settings.DEFAULTS, PromptOptimizeNoise.Settings.parse("prompt-optimize", 8));
        assertEquals(new PromptOptimizeNoise.Settings(16, 4, 0.08, 4), PromptOptimizeNoise.Settings.parse("prompt-optimize", 4));
        assertEquals(new PromptOptimizeNoise.Settings(8, 2, 0.2, 3), PromptOptimizeNoise.Settings.parse("prompt-optimize:lr=0.2:iters=2:k=8:sampler=3", 8));
        assertEquals("prompt-optimize:k=8:iters=2:lr=0.2:sampler=3", new PromptOptimizeNoise.Settings(8, 2, 0.2, 3).spec());
        for (String bad : List.of("prompt-optimize:k=-1", "prompt-optimize:k=1000", "prompt-optimize:iters=-1", "prompt-optimize:lr=0",
                "prompt-optimize:lr=NaN", "prompt-optimize:sampler=0", "prompt-optimize:pool=2", "prompt-optimize:k")) {
            assertThrows(IllegalArgumentException.class, () -> PromptOptimizeNoise.Settings.parse(bad, 8), bad);
        }
    }

    @Test
    void trainingNoisesComeFromThePromptAlone() {
        assertEquals(PromptOptimizeNoise.trainingSeed("a red circle", 0), PromptOptimizeNoise.trainingSeed("a red circle", 0));
        assertNotEquals(PromptOptimizeNoise.trainingSeed("a red circle", 0), PromptOptimizeNoise.trainingSeed("a red circle", 1));
        assertNotEquals(PromptOptimizeNoise.trainingSeed("a red circle", 0), PromptOptimizeNoise.trainingSeed("a red circlf", 0));
    }

    @Test
    void raisesTheMeanRewardOfItsTrainingNoises() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            String prompt = "two blue squares";
            PromptEmbedding cond = model.textEncoder().encode(List.of(prompt), root);
            PromptEmbedding uncond = model.textEncoder().encode(List.of(""), root);
            SampledReward reward = new SampledReward(model, scorer, 2, 3.0);
            float[] move = new PromptOptimizeNoise(SMALL, 3.0, scorer, null).fit(reward, model, prompt, cond, uncond, root);

            List<Long> seeds = new ArrayList<>();
            for (int j = 0; j < SMALL.noises(); j++) {
                seeds.add(PromptOptimizeNoise.trainingSeed(prompt, j));
            }
            int k = seeds.size();
            NDArray z = Seeds.noise(root, seeds, model.latentShape());
            NDArray delta = root.create(move, new Shape(1).addAll(model.latentShape()));
            NDArray radius = z.square().sum(new int[] {1, 2, 3}, true).sqrt();
            NDArray moved = PromptOptimizeNoise.onSpheres(z, delta, radius);
            PromptEmbedding c = new PromptEmbedding(cond.tokens().repeat(0, k), cond.pooled().repeat(0, k));
            PromptEmbedding u = new PromptEmbedding(uncond.tokens().repeat(0, k), uncond.pooled().repeat(0, k));
            NDArray texts = reward.prompts(Collections.nCopies(k, prompt), root);
            float before = reward.reward(z, c, u, texts).mean().getFloat();
            float after = reward.reward(moved, c, u, texts).mean().getFloat();
            assertTrue(delta.norm().getFloat() > 0, "no move was kept");
            assertTrue(after > before + 1e-3, "mean reward " + before + " → " + after);
        }
    }

    @Test
    void movesEveryNoiseOfAPromptAlikeAndKeepsItsNorm() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            List<String> prompts = List.of("a red circle", "a red circle", "two blue squares");
            List<Long> seeds = List.of(5L, 6L, 7L);
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            NDArray out = new PromptOptimizeNoise(SMALL, 3.0, scorer, null).apply(xT, batch, model);
            float[] r0 = xT.square().sum(new int[] {1, 2, 3}).sqrt().toFloatArray();
            float[] r1 = out.square().sum(new int[] {1, 2, 3}).sqrt().toFloatArray();
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(r0[i], r1[i], 1e-3 * r0[i], "item " + i + " left the sphere of x_T's radius");
            }
            assertNotEquals(xT.get(0).sub(out.get(0)).norm().getFloat(), 0f, "the first prompt did not move");

            // the move depends on the prompt, not on the batch it came in: the second item alone, by a fresh strategy
            NoiseBatch alone = new NoiseBatch(prompts.subList(1, 2), seeds.subList(1, 2), batch.cond().slice(1, 2), batch.uncond().slice(1, 2));
            NDArray single = new PromptOptimizeNoise(SMALL, 3.0, scorer, null).apply(xT.get("1:2"), alone, model);
            assertArrayEquals(out.get("1:2").toFloatArray(), single.toFloatArray(), 1e-5f);
        }
    }
}
