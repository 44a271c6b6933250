package dev.goldennoise.model.onnx;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExportBatchSizeTest {
    private static final long GIB = 1L << 30;

    @Test
    void theDefaultBatchFollowsTheLatentSizeAndTheMachinesMemory() {
        Shape sd15 = new Shape(4, 64, 64);
        // 2 × (4096² cells² × 8 heads × 4 B + 4096 × 320 × 4 B × 40): about 1.5 GB an image
        assertEquals(1_493_172_224L, ExportBatchSize.bytesPerImage(sd15));
        assertEquals(4, ExportBatchSize.forLatent(sd15, "cpu", 24 * GIB));
        assertEquals(1, ExportBatchSize.forLatent(sd15, "cpu", 4 * GIB), "never below one");
        assertEquals(ExportBatchSize.MAX, ExportBatchSize.forLatent(sd15, "cpu", 1024 * GIB), "never above the cap");
        assertEquals(1, ExportBatchSize.forLatent(new Shape(4, 128, 128), "cpu", 128 * GIB), "SDXL at 1024² needs about 17 GB an image");
        assertEquals(1, ExportBatchSize.forLatent(new Shape(4, 8, 8), "cuda", 1024 * GIB), "a GPU's memory is not read");
    }
}
