package dev.goldennoise.tensor;

import ai.djl.ndarray.NDManager;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The file readers on random and damaged bytes: each gives a valid result or an {@link IOException} naming the file
 * on one line, never another exception (an index out of bounds, a negative array size, an out-of-memory).
 */
class FileReaderProperties {
    private static Path dir;
    private static byte[] npy;
    private static byte[] npz;
    private static byte[] safetensors;

    @BeforeContainer
    static void validFiles() throws IOException {
        dir = Files.createTempDirectory("readers");
        Path f = dir.resolve("valid.npy");
        Npy.write(f, NpyArray.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        npy = Files.readAllBytes(f);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("arr_0", NpyArray.ofFloats(new long[] {2}, new float[] {1, 2}));
        arrays.put("arr_2", NpyArray.ofLongs(new long[] {1}, new long[] {7}));
        Path z = dir.resolve("valid.npz");
        Npz.write(z, arrays);
        npz = Files.readAllBytes(z);
        Path s = dir.resolve("valid.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.write(s, Map.of("a", m.create(new float[] {1, 2, 3}), "b", m.create(new float[] {4})), Map.of("k", "v"));
        }
        safetensors = Files.readAllBytes(s);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 300, seed = "1")
    void npy(@ForAll("npyBytes") byte[] bytes) throws IOException {
        Path f = write("x.npy", bytes);
        try {
            Npy.read(f);
        } catch (IOException e) {
            oneLineNaming(e, f);
        }
    }

    @Property(tries = 200, seed = "2")
    void npz(@ForAll("npzBytes") byte[] bytes) throws IOException {
        Path f = write("x.npz", bytes);
        try {
            Npz.read(f);
        } catch (IOException e) {
            oneLineNaming(e, f);
        }
    }

    @Property(tries = 300, seed = "3")
    void safetensors(@ForAll("safetensorsBytes") byte[] bytes) throws IOException {
        Path f = write("x.safetensors", bytes);
        try (NDManager m = NDManager.newBaseManager()) {
            Safetensors.read(f, m);
        } catch (IOException e) {
            oneLineNaming(e, f);
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static void oneLineNaming(IOException e, Path f) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        if (!e.getMessage().contains(f.toString())) {
            throw new AssertionError("error does not name " + f + ": " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<byte[]> npyBytes() {
        return damaged(npy);
    }

    @Provide
    Arbitrary<byte[]> npzBytes() {
        return damaged(npz);
    }

    @Provide
    Arbitrary<byte[]> safetensorsBytes() {
        return damaged(safetensors);
    }

    /** Random bytes, or a valid file truncated, with bytes overwritten, or with a run of bytes inserted. */
    private static Arbitrary<byte[]> damaged(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, valid.length).map(n -> Arrays.copyOf(valid, n));
        Arbitrary<byte[]> overwritten = Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(at -> Arbitraries.bytes().list().ofSize(at.size()).map(bs -> {
                    byte[] out = valid.clone();
                    for (int i = 0; i < at.size(); i++) {
                        out[at.get(i)] = bs.get(i);
                    }
                    return out;
                }));
        Arbitrary<byte[]> inserted = Arbitraries.integers().between(0, valid.length)
                .flatMap(at -> Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16).map(extra -> {
                    byte[] out = new byte[valid.length + extra.length];
                    System.arraycopy(valid, 0, out, 0, at);
                    System.arraycopy(extra, 0, out, at, extra.length);
                    System.arraycopy(valid, at, out, at + extra.length, valid.length - at);
                    return out;
                }));
        return Arbitraries.oneOf(List.of(random, truncated, overwritten, inserted));
    }
}
