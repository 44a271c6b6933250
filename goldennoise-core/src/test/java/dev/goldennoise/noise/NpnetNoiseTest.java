package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpnetNoiseTest {
    @Test
    void strategyRunsTheSavedNetworkWithStrengthAndRefusesMissingWeights(@TempDir Path dir) throws IOException {
        List<String> prompts = List.of("a red circle", "two blue squares");
        List<Long> seeds = List.of(1L, 2L);
        Path file = dir.resolve("npnet.safetensors");
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            long[] s = model.latentShape().getShape();
            NpnetConfig cfg = NpnetConfig.tiny((int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(), model.textEncoder().width());
            try (Npnet net = new Npnet(cfg, root, 5)) {
                // move α and β off zero so the text and residual branches count
                net.params().get("alpha").set(new float[] {0.8f});
                net.params().get("beta").set(new float[] {0.5f});
                NpnetFiles.save(net, file);
            }
            StrategyContext ctx = new StrategyContext(2, 3.0, () -> null, null, file, root);
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            NDArray full = NoiseStrategies.byName("npnet", ctx).apply(xT, batch, model);
            NDArray half = NoiseStrategies.byName("npnet:" + file + ":strength=0.5", ctx).apply(xT, batch, model);
            NDArray none = NoiseStrategies.byName("npnet:strength=0", ctx).apply(xT, batch, model);
            assertTrue(full.sub(xT).abs().max().getFloat() > 1e-3, "a trained-looking NPNet changes the noise");
            assertEquals(0, half.sub(xT.add(full.sub(xT).mul(0.5))).abs().max().getFloat(), 1e-5);
            assertEquals(0, none.sub(xT).abs().max().getFloat(), 1e-6);
            assertEquals(0, NoiseStrategies.byName("npnet", ctx).extraDenoiserCalls());
            // the library call encodes the prompts itself and agrees with the strategy
            try (Npnet loaded = NpnetFiles.load(file, (int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(), model.textEncoder().width(), root)) {
                NDArray lib = NpnetNoise.of(loaded).golden(xT, prompts, model);
                assertEquals(0, lib.sub(full).abs().max().getFloat(), 1e-5);
            }
        }
        StrategyContext missing = new StrategyContext(2, 3.0, () -> null, null, dir.resolve("none.safetensors"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName("npnet", missing));
        assertTrue(e.getMessage().contains("train-npnet"), e.getMessage());
    }

    @Test
    void plainNpnetMeansTheShippedStudentMeasuredBestAtTheStepCount() {
        Path repo = Path.of(System.getProperty("goldennoise.repo", "."));
        for (int steps : new int[] {1, 4}) {
            assertEquals(NpnetFiles.FOUR_STEP_FILE, NpnetFiles.defaultFor(steps));
        }
        for (int steps : new int[] {5, 8}) {
            assertEquals(NpnetFiles.FEW_STEP_FILE, NpnetFiles.defaultFor(steps));
        }
        for (int steps : new int[] {9, 20, 50}) {
            assertEquals(NpnetFiles.DEFAULT_FILE, NpnetFiles.defaultFor(steps));
        }
        StrategyContext fourSteps = new StrategyContext(4, 7.5, () -> null, null, repo.resolve(NpnetFiles.defaultFor(4)), null);
        assertEquals(List.of(repo.resolve("models/npnet/zigzag-patch-4step.safetensors")), NoiseStrategies.byName("npnet", fourSteps).weightFiles());
        StrategyContext eight = new StrategyContext(8, 7.5, () -> null, null, repo.resolve(NpnetFiles.defaultFor(8)), null);
        assertEquals(List.of(repo.resolve("models/npnet/attention-patch-4step.safetensors")), NoiseStrategies.byName("npnet", eight).weightFiles());
        StrategyContext twenty = new StrategyContext(20, 7.5, () -> null, null, repo.resolve(NpnetFiles.defaultFor(20)), null);
        assertEquals(List.of(repo.resolve("models/npnet/npnet.safetensors")), NoiseStrategies.byName("npnet", twenty).weightFiles());
    }
}
