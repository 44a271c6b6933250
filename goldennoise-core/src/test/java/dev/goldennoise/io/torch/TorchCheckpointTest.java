package dev.goldennoise.io.torch;

import dev.goldennoise.tensor.Npz;
import dev.goldennoise.tensor.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkpoints were written by torch.save (make_reference.py beside tiny_npnet.pth); the expected values by numpy. */
class TorchCheckpointTest {
    private static final Path RAN = Path.of("/tmp/goldennoise-pickle-ran");

    @TempDir
    Path dir;

    static Path resource(String name) {
        return TestResources.path(TorchCheckpointTest.class, name);
    }

    @Test
    void zipCheckpointGivesEveryTensorWithItsDtypeShapeAndValues() throws IOException {
        assertMatchesNumpy(TorchCheckpoint.read(resource("reader.pth")));
    }

    @Test
    void legacyCheckpointGivesTheSameTensors() throws IOException {
        assertMatchesNumpy(TorchCheckpoint.read(resource("reader_legacy.pth")));
    }

    private static void assertMatchesNumpy(Map<String, TorchTensor> got) throws IOException {
        Map<String, NpyArray> want = Npz.read(resource("reader.npz"));
        // epoch (an int) and name (a str) are not tensors and are left out
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<String, NpyArray> e : want.entrySet()) {
            TorchTensor t = got.get(e.getKey());
            // this project's npy reader gives a 0-d array the shape [1]; 0-d shapes are checked below
            long[] shape = t.shape().length == 0 ? new long[] {1} : t.shape();
            assertArrayEquals(e.getValue().shape(), shape, e.getKey());
            if (t.dtype().floating()) {
                assertArrayEquals(e.getValue().asFloats(), t.floats(), 1e-7f, e.getKey());
            } else {
                assertArrayEquals(e.getValue().asLongs(), t.longs(), e.getKey());
            }
        }
        assertEquals(TorchDtype.FLOAT32, got.get("layer.weight").dtype()); // an nn.Parameter
        assertEquals(TorchDtype.FLOAT16, got.get("layer.half").dtype());
        assertEquals(TorchDtype.BFLOAT16, got.get("layer.bf16").dtype());
        assertEquals(TorchDtype.FLOAT64, got.get("layer.double").dtype());
        assertEquals(TorchDtype.INT64, got.get("layer.count").dtype());
        assertEquals(123456789012L, got.get("layer.count").longs()[0]); // past 32 bits
        assertEquals(TorchDtype.INT32, got.get("layer.ints").dtype());
        assertEquals(TorchDtype.UINT8, got.get("layer.bytes").dtype());
        assertEquals(TorchDtype.BOOL, got.get("layer.flags").dtype());
        assertArrayEquals(new long[0], got.get("scalar").shape());
        assertArrayEquals(new long[0], got.get("layer.count").shape());
    }

    /** base.t() has strides (1, 6): read as if contiguous, row 0 would be 0, 1, 2, 3 instead of column 0. */
    @Test
    void nonContiguousViewsFollowTheirStridesAndOffset() throws IOException {
        Map<String, TorchTensor> got = TorchCheckpoint.read(resource("reader.pth"));
        float[] weight = got.get("layer.weight").floats(); // 4×6
        float[] transposed = got.get("transposed").floats(); // 6×4
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(weight[j * 6 + i], transposed[i * 4 + j]);
            }
        }
        // shared[5:17].view(3, 4)[:, 1:3] of arange(30): offset 6, rows 4 apart
        assertArrayEquals(new float[] {6, 7, 10, 11, 14, 15}, got.get("window").floats());
    }

    @Test
    void posixSystemIsRefusedByNameAndNeverRun() throws IOException {
        Files.deleteIfExists(RAN);
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> TorchCheckpoint.read(resource("malicious_system.pth")));
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        assertTrue(e.getMessage().contains("plain weights file"), e.getMessage());
        assertFalse(Files.exists(RAN), "the pickle's command ran");
    }

    @Test
    void stackGlobalOfProtocolFourIsRefusedToo() throws IOException {
        byte[] pickle = Files.readAllBytes(resource("malicious_system_p4.pkl"));
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> new RestrictedUnpickler(
                ByteBuffer.wrap(pickle), new TorchGlobals("p4.pkl"), null, "p4.pkl").load());
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        assertFalse(Files.exists(RAN));
    }

    /** It would call torch.load on bytes inside the pickle: a second, unchecked unpickling. */
    @Test
    void loadFromBytesIsRefused() {
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> TorchCheckpoint.read(resource("malicious_load_from_bytes.pth")));
        assertTrue(e.getMessage().contains("torch.storage._load_from_bytes"), e.getMessage());
    }

    @Test
    void objectBuildingOpcodesAreRefused() {
        // PROTO 2, GLOBAL 'collections OrderedDict', EMPTY_TUPLE, NEWOBJ, STOP
        byte[] pickle = "\u0080\u0002ccollections\nOrderedDict\n)\u0081.".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> new RestrictedUnpickler(
                ByteBuffer.wrap(pickle), new TorchGlobals("x"), null, "x").load());
        assertTrue(e.getMessage().contains("0x81"), e.getMessage());
    }

    @Test
    void truncatedCheckpointIsNamedAsSuch(@TempDir Path tmp) throws IOException {
        byte[] whole = Files.readAllBytes(resource("reader_legacy.pth"));
        Path cut = tmp.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(cut));
        assertTrue(e.getMessage().contains("cut.pth"), e.getMessage());
    }

    @Test
    void aFileThatIsNeitherZipNorPickleIsRefused() throws IOException {
        Path f = dir.resolve("w.pth");
        Files.writeString(f, "hello");
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.read(f));
        assertTrue(e.getMessage().contains("not a PyTorch checkpoint"), e.getMessage());
        assertFalse(TorchCheckpoint.looksLikeCheckpoint(f));
        assertTrue(TorchCheckpoint.looksLikeCheckpoint(resource("reader.pth")));
    }
}
