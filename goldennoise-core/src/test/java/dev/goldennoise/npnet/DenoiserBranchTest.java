package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.UNetConfig;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenoiserBranchTest {
    private static NpnetConfig config(BuiltinModel built) {
        return config(built, false);
    }

    private static NpnetConfig config(BuiltinModel built, boolean encoderOnly) {
        DiffusionModel model = built.asDiffusionModel();
        long[] s = model.latentShape().getShape();
        return NpnetConfig.tiny((int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(), model.textEncoder().width())
                .withDenoiser(built.config().unet(), model.ddim(1).timesteps()[0], encoderOnly);
    }

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @ParameterizedTest(name = "encoder only: {0}")
    @ValueSource(booleans = {false, true})
    void startsAsTheIdentityWithTheBaseUNetsWeights(boolean encoderOnly, @TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             Npnet net = new Npnet(config(built, encoderOnly), root, 5)) {
            DiffusionModel model = built.asDiffusionModel();
            // a freshly initialised UNet ignores the text (its attention outputs start at zero); a trained one does not
            Random rng = new Random(9);
            for (var e : built.unet().params().all().entrySet()) {
                if (e.getKey().endsWith("proj_out.w") || e.getKey().endsWith("conv2.w")) {
                    float[] v = new float[(int) e.getValue().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (0.1 * rng.nextGaussian());
                    }
                    e.getValue().set(v);
                }
            }
            net.startDenoiserFrom(built.unet().params());
            int copied = 0;
            for (var e : built.unet().params().all().entrySet()) {
                NDArray mine = net.params().all().get(Npnet.DENOISER + e.getKey());
                // the encoder-only branch holds the down path and nothing of the mid block or the up path
                boolean downPath = !(e.getKey().startsWith("mid.") || e.getKey().startsWith("up") || e.getKey().startsWith("out.")
                        || e.getKey().startsWith("conv_out."));
                assertEquals(!encoderOnly || downPath, mine != null, e.getKey());
                if (mine != null) {
                    assertEquals(0f, maxDiff(mine, e.getValue()), e.getKey());
                    copied++;
                }
            }
            assertTrue(copied > 0);
            try (NDManager m = root.newSubManager()) {
                NDArray xT = Seeds.noise(m, List.of(1L, 2L), model.latentShape());
                NDArray text = model.textEncoder().encode(List.of("a red circle left of a blue square", "three green triangles"), m).tokens();
                // up to the singular-value branch's float rounding of U·S·Vᵀ
                assertTrue(maxDiff(net.forward(xT, text), xT) < 1e-5, "the zero output layer keeps the untrained net the identity");
                // once the output layer is not zero, the branch's UNet moves the noise, and by the prompt
                NDArray head = net.params().get("den_head.w");
                float[] weights = new float[(int) head.size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = (float) (0.1 * rng.nextGaussian());
                }
                head.set(weights);
                NDArray moved = net.forward(xT, text);
                assertTrue(maxDiff(moved, xT) > 1e-3, "the branch adds the UNet's prediction");
                NDArray sameNoise = Seeds.noise(m, List.of(1L, 1L), model.latentShape());
                NDArray out = net.forward(sameNoise, text);
                assertTrue(maxDiff(out.get(0), out.get(1)) > 1e-4, "the same x_T moves differently for two prompts");
                Path file = dir.resolve("npnet.safetensors");
                NpnetFiles.save(net, file);
                try (Npnet loaded = NpnetFiles.load(file, 4, 16, 16, model.textEncoder().tokens(), model.textEncoder().width(), m)) {
                    assertEquals(net.config(), loaded.config());
                    assertEquals(0f, maxDiff(loaded.forward(xT, text), moved), "the saved branch loads as it was");
                }
            }
        }
    }

    @Test
    void refusesAUNetOfAnotherShape() throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             Npnet net = new Npnet(config(built).withDenoiser(new UNetConfig(4, 8, 16, 16, 2), 999), root, 5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.startDenoiserFrom(built.unet().params()));
            assertTrue(e.getMessage().contains("does not fit the denoiser branch"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NpnetConfig.tiny(4, 16, 16, 8, 16).withDenoiser(new UNetConfig(3, 8, 16, 16, 2), 999));
    }

    /** Trained on pairs (MSE), the encoder-only branch starts from the base UNet's down path, and is refused without it. */
    @Test
    void mseTrainingStartsTheBranchFromTheBaseUNet(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NpnetConfig config = config(built, true);
            Random rng = new Random(4);
            List<NpnetExample> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                float[] src = new float[4 * 16 * 16];
                float[] gold = new float[src.length];
                float[] text = new float[model.textEncoder().tokens() * model.textEncoder().width()];
                for (int j = 0; j < src.length; j++) {
                    src[j] = (float) rng.nextGaussian();
                    gold[j] = src[j] + 0.1f * (float) rng.nextGaussian();
                }
                for (int j = 0; j < text.length; j++) {
                    text[j] = (float) rng.nextGaussian();
                }
                pairs.add(new NpnetExample(src, gold, text));
            }
            // a vanishing rate, so that the saved branch is where it started
            NpnetTrainingOptions o = new NpnetTrainingOptions(config, 1, 4, 1e-12, 0.0, 0.25, 0, dir.resolve("work"),
                    dir.resolve("w.safetensors"), java.util.Map.of());
            assertThrows(IllegalArgumentException.class, () -> new NpnetTrainer(o).run(pairs, root), "a branch with no UNet to start from");
            new NpnetTrainer(o).run(pairs, root, built.unet().params());
            try (NDManager m = root.newSubManager();
                 Npnet loaded = NpnetFiles.load(o.weights(), 4, 16, 16, model.textEncoder().tokens(), model.textEncoder().width(), m)) {
                int copied = 0;
                for (var e : built.unet().params().all().entrySet()) {
                    NDArray mine = loaded.params().all().get(Npnet.DENOISER + e.getKey());
                    if (mine != null) {
                        assertTrue(maxDiff(mine, e.getValue()) < 1e-6, e.getKey());
                        copied++;
                    }
                }
                assertTrue(copied > 0);
            }
        }
    }

    /** Trained on the reward, the branch starts from the base UNet, leaves it, and the saved weights load with their shape. */
    @Test
    void rewardTrainingMovesTheBranchAndSavesIt(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            NpnetConfig config = config(built);
            RewardTrainingOptions o = RewardTrainerTest.options(config, 10, dir);
            Path out = o.weights();
            assertThrows(IllegalArgumentException.class, () -> new RewardTrainer(o).run(model, scorer, root),
                    "a branch with no UNet to start from is refused");
            RewardTrainer.Validation v = new RewardTrainer(o).run(model, scorer, root, built.unet().params());
            assertTrue(v.reward() > v.identityReward(), v.reward() + " vs x_T " + v.identityReward());
            try (NDManager m = root.newSubManager();
                 Npnet loaded = NpnetFiles.load(out, 4, 16, 16, model.textEncoder().tokens(), model.textEncoder().width(), m)) {
                assertEquals(config, loaded.config());
                assertTrue(loaded.params().get("den_head.w").abs().max().getFloat() > 0, "the output layer left zero");
                float moved = 0;
                for (var e : built.unet().params().all().entrySet()) {
                    moved = Math.max(moved, maxDiff(loaded.params().get(Npnet.DENOISER + e.getKey()), e.getValue()));
                }
                assertTrue(moved > 0, "the branch's UNet was trained, not left at the base weights");
            }
        }
    }
}
