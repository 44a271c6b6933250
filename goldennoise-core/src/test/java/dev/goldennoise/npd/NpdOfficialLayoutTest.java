package dev.goldennoise.npd;

import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder as the official Python collection code leaves it: one {index}_{seed}.npz per pair and a JSON-lines file. */
class NpdOfficialLayoutTest {
    private static final int N = 4 * 8 * 8;

    @TempDir
    Path dir;

    @Test
    void readsPerSampleFloat16NpzMatchedToJsonLinesByIndexAndSeed() throws IOException {
        sample(2, 2024, true);
        sample(0, 42, true);
        sample(1, 7, false); // (C,H,W) float32 with a (1,) index: what a squeezed re-save gives
        Files.writeString(dir.resolve("SDXL_step_10_training.json"), String.join("\n",
                line(0, 42, "a cat", 27.5, 28.25),
                line(1, 7, "a \\\"quoted\\\" dog", 30.0, 29.0),
                line(2, 2024, "a bird", 26.0, 26.5),
                line(9, 9, "a line without its npz", 1, 2)) + "\n");
        // other JSON in the folder is not metadata and is left alone
        Files.writeString(dir.resolve("collection.json"), "{\n  \"model\": \"x\"\n}\n");

        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(List.of(), r.problems());
        assertArrayEquals(new long[] {4, 8, 8}, r.latentShape());
        assertEquals(List.of(0L, 1L, 2L), r.pairs().stream().map(NoisePair::index).toList());
        NoisePair p0 = r.pairs().get(0);
        assertEquals(42, p0.seed());
        assertEquals("a cat", p0.caption());
        assertEquals(27.5, p0.originalScore());
        assertEquals(28.25, p0.optimizedScore());
        assertArrayEquals(values(0, 42, 1), p0.source());
        assertArrayEquals(values(0, 42, -1), p0.golden());
        NoisePair p1 = r.pairs().get(1);
        assertEquals("a \"quoted\" dog", p1.caption());
        assertArrayEquals(values(1, 7, 1), p1.source());
        assertEquals(-1.0, p1.margin());
        assertArrayEquals(values(2, 2024, -1), r.pairs().get(2).golden());
    }

    @Test
    void aSampleWithoutItsLineOrWithABrokenFileIsReportedAndTheRestLoad() throws IOException {
        sample(0, 42, true);
        sample(1, 7, true);
        sample(3, 5, true);
        Path broken = dir.resolve("3_5.npz");
        byte[] bytes = Files.readAllBytes(broken);
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        // the last line was cut off mid-write, as an interrupted Python run leaves it
        Files.writeString(dir.resolve("pairs.jsonl"), line(0, 42, "a cat", 1, 2) + "\n"
                + line(3, 5, "a fox", 1, 2) + "\n" + line(1, 7, "a dog", 1, 2).substring(0, 30));

        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(List.of(0L), r.pairs().stream().map(NoisePair::index).toList());
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("pairs.jsonl line 3")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("1_7.npz") && p.contains("no line")),
                r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("3_5.npz")), r.problems().toString());
    }

    /** Writes {index}_{seed}.npz as np.savez(path, x_T, x'_T, index) does, in float16 (1,C,H,W) or float32 (C,H,W). */
    private void sample(long index, long seed, boolean official) throws IOException {
        LinkedHashMap<String, NpyArray> a = new LinkedHashMap<>();
        if (official) {
            long[] shape = {1, 4, 8, 8};
            a.put("arr_0", new NpyArray("<f2", shape, halfBytes(values(index, seed, 1))));
            a.put("arr_1", new NpyArray("<f2", shape, halfBytes(values(index, seed, -1))));
            a.put("arr_2", NpyArray.ofLongs(new long[0], new long[] {index}));
        } else {
            long[] shape = {4, 8, 8};
            a.put("arr_0", NpyArray.ofFloats(shape, values(index, seed, 1)));
            a.put("arr_1", NpyArray.ofFloats(shape, values(index, seed, -1)));
            a.put("arr_2", NpyArray.ofLongs(new long[] {1}, new long[] {index}));
        }
        Npz.write(dir.resolve(index + "_" + seed + ".npz"), a);
    }

    /** Multiples of 1/8 in [-4, 4): exact in float16, and different for every (index, seed, sign). */
    private static float[] values(long index, long seed, int sign) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = sign * ((i + index * 7 + seed) % 64 - 32) / 8f;
        }
        return v;
    }

    private static String line(long index, long seed, String caption, double original, double optimized) {
        return "{\"index\": " + index + ", \"seed\": " + seed + ", \"caption\": \"" + caption
                + "\", \"original_score_list\": [" + original + "], \"optimized_score_list\": [" + optimized + "]}";
    }

    private static byte[] halfBytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : values) {
            b.putShort(half(f));
        }
        return b.array();
    }

    /** Float to float16 for values that are exact in it, which is all this test writes. */
    private static short half(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (f == 0) {
            return (short) sign;
        }
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp <= 0 || exp >= 31 || (mant & 0x1fff) != 0) {
            throw new IllegalArgumentException(f + " is not an exact normal float16");
        }
        return (short) (sign | exp << 10 | mant >>> 13);
    }
}
