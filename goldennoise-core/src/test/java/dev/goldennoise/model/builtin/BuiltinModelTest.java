package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinModelTest {
    @TempDir
    Path dir;

    @Test
    void shapesThroughEveryNetwork() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), root, 1)) {
            DiffusionModel dm = model.asDiffusionModel();
            PromptEmbedding e = dm.textEncoder().encode(List.of("a red circle", ""), root);
            assertEquals(new Shape(2, 16, 16), e.tokens().getShape());
            assertEquals(new Shape(2, 16), e.pooled().getShape());
            NDArray images = root.create(Seeds.gaussian(1, 2 * 3 * 64 * 64), new Shape(2, 3, 64, 64));
            NDArray z = model.autoencoder().encode(images);
            assertEquals(new Shape(2, 4, 16, 16), z.getShape());
            assertEquals(new Shape(2, 3, 64, 64), dm.decoder().decode(z).getShape());
            assertEquals(new Shape(2, 4, 16, 16), dm.denoiser().predictNoise(z, 500, e).getShape());
        }
    }

    @Test
    void standardConfigHasTheDocumentedSize() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.standard(), root, 1)) {
            long unet = model.unet().params().count();
            assertTrue(unet > 1_000_000 && unet < 4_000_000, "UNet parameters: " + unet);
            assertEquals(new Shape(4, 16, 16), model.latentShape());
        }
    }

    @Test
    void saveAndLoadRoundTripGivesTheSameOutputs() throws IOException {
        Path file = dir.resolve("m.safetensors");
        try (NDManager root = NDManager.newBaseManager()) {
            float[] before;
            NDArray x = root.create(Seeds.gaussian(2, 4 * 256), new Shape(1, 4, 16, 16));
            try (BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), root, 7)) {
                // the UNet's last convs start at zero; perturb so the comparison sees every weight
                model.unet().params().all().values().forEach(a -> a.addi(0.01f));
                BuiltinModelFiles.save(model, file);
                DiffusionModel dm = model.asDiffusionModel();
                before = dm.denoiser().predictNoise(x, 300, dm.textEncoder().encode(List.of("a red circle"), root)).toFloatArray();
            }
            try (BuiltinModel loaded = BuiltinModelFiles.load(file, root)) {
                DiffusionModel dm = loaded.asDiffusionModel();
                float[] after = dm.denoiser().predictNoise(x, 300, dm.textEncoder().encode(List.of("a red circle"), root)).toFloatArray();
                assertArrayEquals(before, after, 1e-6f);
            }
        }
    }

    @Test
    void missingAndCorruptWeightsNameTheFileAndTheFix() throws IOException {
        try (NDManager root = NDManager.newBaseManager()) {
            IOException missing = assertThrows(IOException.class, () -> BuiltinModelFiles.load(dir.resolve("none.safetensors"), root));
            assertTrue(missing.getMessage().contains("none.safetensors") && missing.getMessage().contains("train-base"), missing.getMessage());
            Path corrupt = dir.resolve("bad.safetensors");
            Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
            IOException bad = assertThrows(IOException.class, () -> BuiltinModelFiles.load(corrupt, root));
            assertTrue(bad.getMessage().contains("bad.safetensors") && bad.getMessage().contains("train-base"), bad.getMessage());
        }
    }
}
