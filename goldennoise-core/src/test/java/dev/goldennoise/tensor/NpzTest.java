package dev.goldennoise.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {
    /**
     * Written by NumPy 2.4 with {@code np.savez(f, x, -x, 7)}, x = (arange(16) / 4) as float16 shaped (1, 4, 2, 2):
     * stored entries with zip64 extras, and a 0-d int64 arr_2, exactly as the official collection code writes.
     */
    private static final String NUMPY_SAVEZ = """
            UEsDBC0AAAAAAAAAIQBJqxIN//////////8JABQAYXJyXzAubnB5AQAQAKAAAAAAAAAAoAAAAAAAAACTTlVNUFkBAHYAeydk
            ZXNjcic6ICc8ZjInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgNCwgMiwgMiksIH0gICAgICAgICAg
            ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAADQAOAA6ADwAPQA+AD8AQIBAAEGAQQBCgEIA
            Q4BDUEsDBC0AAAAAAAAAIQB8WMIe//////////8JABQAYXJyXzEubnB5AQAQAKAAAAAAAAAAoAAAAAAAAACTTlVNUFkBAHYA
            eydkZXNjcic6ICc8ZjInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgNCwgMiwgMiksIH0gICAgICAg
            ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgCAALQAuAC6ALwAvQC+AL8AwIDAAMGAwQDC
            gMIAw4DDUEsDBC0AAAAAAAAAIQAjuPBs//////////8JABQAYXJyXzIubnB5AQAQAIgAAAAAAAAAiAAAAAAAAACTTlVNUFkB
            AHYAeydkZXNjcic6ICc8aTgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoKSwgfSAgICAgICAgICAgICAg
            ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgcAAAAAAAAAUEsBAi0DLQAAAAAAAAAh
            AEmrEg2gAAAAoAAAAAkAAAAAAAAAAAAAAIABAAAAAGFycl8wLm5weVBLAQItAy0AAAAAAAAAIQB8WMIeoAAAAKAAAAAJAAAA
            AAAAAAAAAACAAdsAAABhcnJfMS5ucHlQSwECLQMtAAAAAAAAACEAI7jwbIgAAACIAAAACQAAAAAAAAAAAAAAgAG2AQAAYXJy
            XzIubnB5UEsFBgAAAAADAAMApQAAAHkCAAAAAA==
            """;

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsKeysInOrderWithShapesAndValues() throws IOException {
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("arr_0", NpyArray.ofFloats(new long[] {2, 1, 2, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, -8}));
        arrays.put("arr_1", NpyArray.ofFloats(new long[] {2, 1, 2, 2}, new float[] {0, 0, 0, 0, 1, 1, 1, 1}));
        arrays.put("arr_2", NpyArray.ofLongs(new long[] {2}, new long[] {10, 11}));
        arrays.put("scalar", NpyArray.ofLongs(new long[0], new long[] {5}));
        Path f = dir.resolve("x.npz");
        Npz.write(f, arrays);
        Map<String, NpyArray> back = Npz.read(f);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertEquals(arrays.get(k), back.get(k), k);
        }
        assertArrayEquals(new long[0], back.get("scalar").shape());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void equalArraysGiveByteEqualFiles() throws IOException {
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("a", NpyArray.ofFloats(new long[] {3}, new float[] {1, 2, 3}));
        Npz.write(dir.resolve("1.npz"), arrays);
        Npz.write(dir.resolve("2.npz"), arrays);
        assertArrayEquals(Files.readAllBytes(dir.resolve("1.npz")), Files.readAllBytes(dir.resolve("2.npz")));
    }

    @Test
    void readsAnNpzWrittenByNumPy() throws IOException {
        Path f = dir.resolve("7_123.npz");
        Files.write(f, Base64.getMimeDecoder().decode(NUMPY_SAVEZ));
        Map<String, NpyArray> a = Npz.read(f);
        assertEquals(List.of("arr_0", "arr_1", "arr_2"), List.copyOf(a.keySet()));
        assertEquals("<f2", a.get("arr_0").dtype());
        assertArrayEquals(new long[] {1, 4, 2, 2}, a.get("arr_0").shape());
        float[] x = a.get("arr_0").asFloats();
        float[] y = a.get("arr_1").asFloats();
        for (int i = 0; i < 16; i++) {
            assertEquals(i / 4f, x[i]);
            assertEquals(-(i / 4f), y[i]); // -x keeps the sign of zero: -0.0 first
        }
        assertEquals("<i8", a.get("arr_2").dtype());
        assertEquals(0, a.get("arr_2").shape().length);
        assertArrayEquals(new long[] {7}, a.get("arr_2").asLongs());
    }

    @Test
    void readsDeflatedEntriesAsSavezCompressedWritesThem() throws IOException {
        Path npy = dir.resolve("a.npy");
        Npy.write(npy, NpyArray.ofFloats(new long[] {2, 2}, new float[] {1, 0, 0, 1}));
        Path f = dir.resolve("c.npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.putNextEntry(new ZipEntry("weights.npy"));
            zip.write(Files.readAllBytes(npy));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("notes.txt")); // not an array: np.load would not list it either
            zip.write("hi".getBytes());
            zip.closeEntry();
        }
        Map<String, NpyArray> a = Npz.read(f);
        assertEquals(List.of("weights"), List.copyOf(a.keySet()));
        assertArrayEquals(new float[] {1, 0, 0, 1}, a.get("weights").asFloats());
    }

    @Test
    void truncatedMissingOrForeignFilesAreIoExceptionsNamingTheFile() throws IOException {
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("arr_0", NpyArray.ofFloats(new long[] {64}, new float[64]));
        Path f = dir.resolve("cut.npz");
        Npz.write(f, arrays);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("cut.npz"), e.getMessage());

        Path text = dir.resolve("text.npz");
        Files.writeString(text, "not a zip at all");
        e = assertThrows(IOException.class, () -> Npz.read(text));
        assertTrue(e.getMessage().contains("text.npz"), e.getMessage());

        e = assertThrows(IOException.class, () -> Npz.read(dir.resolve("absent.npz")));
        assertTrue(e.getMessage().contains("absent.npz"), e.getMessage());
    }

    @Test
    void aCorruptedEntryFailsItsCrcCheck() throws IOException {
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("arr_0", NpyArray.ofFloats(new long[] {64}, new float[64]));
        Path f = dir.resolve("flip.npz");
        Npz.write(f, arrays);
        byte[] bytes = Files.readAllBytes(f);
        bytes[200] ^= 0x40; // inside the stored float data, past the local and npy headers
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("flip.npz") && e.getMessage().contains("CRC"), e.getMessage());
    }
}
