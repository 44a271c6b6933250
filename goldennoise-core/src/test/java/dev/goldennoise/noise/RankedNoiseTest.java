package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.ranker.NoiseRanker;
import dev.goldennoise.ranker.RankerConfig;
import dev.goldennoise.ranker.RankerFiles;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankedNoiseTest {
    @TempDir
    Path dir;

    @Test
    void picksTheCandidateTheRankerScoresHighestAmongBestOfNsCandidates() throws Exception {
        List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle");
        List<Long> seeds = List.of(5L, 6L, 7L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            long[] s = model.latentShape().getShape();
            RankerConfig config = new RankerConfig((int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(),
                    model.textEncoder().width(), 4, 8, 1, 1);
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", "", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            try (NoiseRanker ranker = new NoiseRanker(config, root, 9)) {
                assertEquals(xT, RankedNoise.of(ranker, 1).apply(xT, batch, model), "n = 1 is x_T itself");
                int n = 5;
                float[] picked = RankedNoise.of(ranker, n).apply(xT, batch, model).toFloatArray();
                int per = (int) model.latentShape().size();
                int[] chosen = new int[prompts.size()];
                for (int i = 0; i < prompts.size(); i++) {
                    int best = -1;
                    float bestScore = Float.NEGATIVE_INFINITY;
                    for (int k = 0; k < n; k++) {
                        long seed = k == 0 ? seeds.get(i) : BestOfNoise.candidateSeed(seeds.get(i), k);
                        NDArray one = root.create(Seeds.gaussian(seed, per), new Shape(1).addAll(model.latentShape()));
                        float f = ranker.forward(one, batch.cond().tokens().get(i + ":" + (i + 1))).getFloat();
                        if (f > bestScore) {
                            bestScore = f;
                            best = k;
                        }
                    }
                    chosen[i] = best;
                    long seed = best == 0 ? seeds.get(i) : BestOfNoise.candidateSeed(seeds.get(i), best);
                    float[] want = Seeds.gaussian(seed, per);
                    float[] got = new float[per];
                    System.arraycopy(picked, i * per, got, 0, per);
                    assertArrayEquals(want, got, 0f, "item " + i + " is candidate " + best);
                }
                assertTrue(chosen[0] != chosen[1] || chosen[1] != chosen[2] || chosen[0] != 0, "an untrained ranker still picks per item");
                assertEquals(0, RankedNoise.of(ranker, n).extraDenoiserCalls());
            }
        }
    }

    @Test
    void byNameReadsTheCountAndTheFile() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); NoiseRanker ranker = new NoiseRanker(new RankerConfig(4, 16, 16, 16, 128, 4, 8, 1, 2), root, 1)) {
            Path file = dir.resolve("r.safetensors");
            RankerFiles.save(ranker, file);
            StrategyContext none = new StrategyContext(20, 7.5, () -> null, null, null, root);
            assertEquals("rank:n=16:file=" + file, NoiseStrategies.byName("rank:n=16:file=" + file, none).name());
            assertEquals(List.of(file), NoiseStrategies.byName("rank:file=" + file, none).weightFiles());
            StrategyContext shipped = new StrategyContext(20, 7.5, () -> null, null, null, root, null, file);
            assertEquals("rank:n=" + RankedNoise.DEFAULT_N, NoiseStrategies.byName("rank", shipped).name());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName("rank", none));
            assertTrue(missing.getMessage().contains("train-ranker"), missing.getMessage());
            assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName("rank:n=0:file=" + file, none));
            assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName("rank:k=3:file=" + file, none));
        }
    }
}
