package dev.goldennoise.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void float32RoundTripKeepsShapeAndValuesWithAnAlignedVersion1Header() throws IOException {
        float[] values = {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, -0.125f};
        Path f = dir.resolve("a.npy");
        Npy.write(f, NpyArray.ofFloats(new long[] {2, 3}, values));
        NpyArray back = Npy.read(f);
        assertEquals("<f4", back.dtype());
        assertArrayEquals(new long[] {2, 3}, back.shape());
        assertArrayEquals(values, back.asFloats());

        byte[] bytes = Files.readAllBytes(f);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        int headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
        assertEquals(0, (10 + headerLen) % 64, "NumPy aligns the data to 64 bytes");
        String header = new String(bytes, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLen + 4 * values.length, bytes.length);
    }

    @Test
    void int64RoundTripIncludingAZeroDimensionalScalar() throws IOException {
        long[] values = {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE};
        Path f = dir.resolve("i.npy");
        Npy.write(f, NpyArray.ofLongs(new long[] {5}, values));
        NpyArray back = Npy.read(f);
        assertEquals("<i8", back.dtype());
        assertArrayEquals(new long[] {5}, back.shape());
        assertArrayEquals(values, back.asLongs());
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("'shape': (5,)"));

        Path s = dir.resolve("scalar.npy");
        Npy.write(s, NpyArray.ofLongs(new long[0], new long[] {42}));
        NpyArray scalar = Npy.read(s);
        assertEquals(0, scalar.shape().length);
        assertEquals(1, scalar.size());
        assertArrayEquals(new long[] {42}, scalar.asLongs());
        assertArrayEquals(new float[] {42f}, scalar.asFloats());
        assertTrue(new String(Files.readAllBytes(s), StandardCharsets.ISO_8859_1).contains("'shape': ()"));
    }

    @Test
    void readsAHandBuiltFloat16File() throws IOException {
        Path f = dir.resolve("h.npy");
        Files.write(f, npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", halves(0x3C00, 0xC000)));
        NpyArray a = Npy.read(f);
        assertEquals("<f2", a.dtype());
        assertArrayEquals(new long[] {2}, a.shape());
        assertArrayEquals(new float[] {1f, -2f}, a.asFloats());
        assertArrayEquals(new long[] {1, -2}, a.asLongs());

        Path g = dir.resolve("h2.npy");
        Files.write(g, npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }",
                halves(0x3800, 0x0001, 0x3555)));
        float[] v = Npy.read(g).asFloats();
        assertEquals(0.5f, v[0]);
        assertEquals((float) Math.pow(2, -24), v[1], "the smallest subnormal half");
        assertEquals(0.33325195f, v[2]);
        // an infinite half decodes as such, and a file holding one is refused as damaged
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7C00));
        Path inf = dir.resolve("h3.npy");
        Files.write(inf, npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", halves(0x7C00)));
        assertThrows(IOException.class, () -> Npy.read(inf));
    }

    @Test
    void readsVersion2HeadersAndOtherDtypes() throws IOException {
        Path f = dir.resolve("v2.npy");
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).putDouble(-4);
        Files.write(f, npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d.array()));
        assertArrayEquals(new float[] {2.5f, -4f}, Npy.read(f).asFloats());

        Path i = dir.resolve("i4.npy");
        ByteBuffer ints = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-3).putInt(9);
        Files.write(i, npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", ints.array()));
        assertArrayEquals(new long[] {-3, 9}, Npy.read(i).asLongs());

        Path u = dir.resolve("u1.npy");
        Files.write(u, npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 7, (byte) 255}));
        assertArrayEquals(new long[] {0, 7, 255}, Npy.read(u).asLongs());
    }

    @Test
    void fortranOrderIsRefusedWithAClearMessage() throws IOException {
        Path f = dir.resolve("fortran.npy");
        Files.write(f, npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]));
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("fortran.npy"), e.getMessage());
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void nanAndInfinityAreRefusedNamingTheFileAndElement() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path f = dir.resolve("nan.npy");
            Npy.write(f, NpyArray.ofFloats(new long[] {3}, new float[] {1, bad, 3}));
            IOException e = assertThrows(IOException.class, () -> Npy.read(f));
            assertTrue(e.getMessage().contains("nan.npy") && e.getMessage().contains("element 1"), e.getMessage());
        }
        Path f64 = dir.resolve("nan64.npy");
        Files.write(f64, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.NaN).array()));
        assertThrows(IOException.class, () -> Npy.read(f64));
    }

    @Test
    void truncatedOrForeignFilesAreRefusedNamingTheFile() throws IOException {
        Path f = dir.resolve("t.npy");
        Npy.write(f, NpyArray.ofFloats(new long[] {4}, new float[] {1, 2, 3, 4}));
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("t.npy") && e.getMessage().contains("truncated"), e.getMessage());

        Path big = dir.resolve("big.npy");
        Files.write(big, npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(big)).getMessage().contains("big-endian"));

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, not numpy");
        assertTrue(assertThrows(IOException.class, () -> Npy.read(text)).getMessage().contains("text.npy"));
    }

    @Test
    void asLongsRefusesFractionalFloats() {
        NpyArray a = NpyArray.ofFloats(new long[] {2}, new float[] {3f, 3.5f});
        assertThrows(IllegalStateException.class, a::asLongs);
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new long[] {3}, new float[2]));
    }

    /** A .npy image built by hand, padded as the format asks, so the reader is not only tested against the writer. */
    static byte[] npy(int version, String dict, byte[] data) {
        int preamble = version == 1 ? 10 : 12;
        int total = (preamble + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) (total - preamble));
        } else {
            b.putInt(total - preamble);
        }
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] halves(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : bits) {
            b.putShort((short) h);
        }
        return b.array();
    }
}
