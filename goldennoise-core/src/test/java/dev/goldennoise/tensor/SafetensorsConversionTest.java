package dev.goldennoise.tensor;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Conversions of PyTorch checkpoints carry BF16 weights and I64 counters (BatchNorm's num_batches_tracked). */
class SafetensorsConversionTest {
    @TempDir
    Path dir;

    @Test
    void bf16AndI64AreReadAsFloats() throws IOException {
        String header = "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        // bfloat16 is the upper 16 bits of a float32: 1.5f is 0x3FC00000, -2.25f is 0xC0100000
        buf.putShort((short) 0x3FC0).putShort((short) 0xC010).putLong(12345L);
        Path f = dir.resolve("c.safetensors");
        Files.write(f, buf.array());
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.Contents c = Safetensors.read(f, m);
            assertArrayEquals(new float[] {1.5f, -2.25f}, c.tensors().get("w").toFloatArray());
            assertArrayEquals(new float[] {12345f}, c.tensors().get("n").toFloatArray());
        }
    }
}
