package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.put("b.weight", m.create(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, new Shape(2, 3)));
            t.put("a.bias", m.create(new float[] {42f}, new Shape(1)));
            Path f = dir.resolve("w.safetensors");
            Safetensors.write(f, t, Map.of("config", "{\"x\":1}"));
            Safetensors.Contents c = Safetensors.read(f, m);
            assertEquals(t.keySet(), c.tensors().keySet());
            assertEquals(new Shape(2, 3), c.tensors().get("b.weight").getShape());
            assertArrayEquals(t.get("b.weight").toFloatArray(), c.tensors().get("b.weight").toFloatArray());
            assertEquals("{\"x\":1}", c.metadata().get("config"));
            // the header must be 8-byte aligned JSON, as the format requires
            byte[] bytes = Files.readAllBytes(f);
            long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLen % 8);
            assertTrue(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8).contains("\"dtype\":\"F32\""));
        }
    }

    /** Map.of's order differs between JVMs; the bytes of a file must not, so metadata is written in key order. */
    @Test
    void theSameWeightsAndMetadataMakeTheSameBytesWhateverTheMapOrder() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = Map.of("w", m.create(new float[] {1, 2}, new Shape(2)));
            Map<String, String> forwards = new LinkedHashMap<>();
            forwards.put("format", "f");
            forwards.put("config", "c");
            forwards.put("kind", "k");
            Map<String, String> backwards = new LinkedHashMap<>();
            backwards.put("kind", "k");
            backwards.put("config", "c");
            backwards.put("format", "f");
            Path a = dir.resolve("a.safetensors");
            Path b = dir.resolve("b.safetensors");
            Safetensors.write(a, t, forwards);
            Safetensors.write(b, t, backwards);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        }
    }

    @Test
    void readsHandWrittenFileWithF16() throws IOException {
        // a file laid out byte by byte from the format description, as Python's safetensors writes it
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        buf.putShort((short) 0x3C00).putShort((short) 0xC000); // 1.0, -2.0
        Path f = dir.resolve("h.safetensors");
        Files.write(f, buf.array());
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {1f, -2f}, Safetensors.read(f, m).tensors().get("h").toFloatArray());
        }
    }

    @Test
    void weightsHoldingNanAreRefusedNamingFileAndTensor() throws IOException {
        Path f = dir.resolve("nan.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(f, java.util.Map.of("w", m.create(new float[] {1, Float.NaN})), java.util.Map.of());
            IOException e = assertThrows(IOException.class, () -> Safetensors.read(f, m));
            assertTrue(e.getMessage().contains("nan.safetensors") && e.getMessage().contains("tensor w element 1"), e.getMessage());
        }
    }

    @Test
    void truncatedFileIsReportedByName() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path f = dir.resolve("t.safetensors");
            Safetensors.write(f, Map.of("w", m.ones(new Shape(100))), Map.of());
            byte[] bytes = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(bytes, bytes.length - 10));
            IOException e = assertThrows(IOException.class, () -> Safetensors.read(f, m));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }
}
