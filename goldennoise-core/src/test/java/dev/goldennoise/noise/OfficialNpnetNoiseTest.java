package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.io.torch.TestResources;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.npnet.official.OfficialNpnet;
import dev.goldennoise.npnet.official.OfficialNpnetFiles;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --noise npnet:FILE.pth}: the checkpoint, not a flag, selects the official net. */
class OfficialNpnetNoiseTest {
    private static final Path CHECKPOINT = TestResources.path(OfficialNpnetNoiseTest.class,
            "/dev/goldennoise/npnet/official/tiny_npnet.pth");

    /**
     * The built-in model's latent is not the tiny official net's 4×8×8: the official loader says so with both shapes.
     * Read as goldennoise's own format, the same file would fail as a damaged safetensors file instead.
     */
    @Test
    void aCheckpointPicksTheOfficialNetWhichNamesTheModelsShapes() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            StrategyContext ctx = new StrategyContext(2, 3.0, () -> null, null, null, root);
            NoiseStrategy s = NoiseStrategies.byName("npnet:" + CHECKPOINT, ctx);
            List<String> prompts = List.of("a red circle");
            NoiseBatch batch = new NoiseBatch(prompts, List.of(1L), model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of(""), root));
            NDArray xT = Seeds.noise(root, List.of(1L), model.latentShape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(xT, batch, model));
            assertTrue(e.getMessage().contains("official NPNet") && e.getMessage().contains("latent 4×8×8")
                    && e.getMessage().contains("sdxl.pth"), e.getMessage());
        }
    }

    @Test
    void theStrategyAroundAnOfficialNetAppliesItsStrength() throws IOException {
        try (NDManager root = NDManager.newBaseManager(); OfficialNpnet net = OfficialNpnetFiles.load(CHECKPOINT, root)) {
            NDArray xT = root.randomNormal(new Shape(1, 4, 8, 8));
            NDArray text = root.randomNormal(new Shape(1, 77, 8));
            NDArray golden = NpnetNoise.of(net).golden(xT, text, null);
            assertEquals(0, golden.sub(net.forward(xT, text)).abs().max().getFloat(), 1e-6);
            assertTrue(golden.sub(xT).abs().max().getFloat() > 1e-2, "the official net changes the noise");
        }
    }
}
