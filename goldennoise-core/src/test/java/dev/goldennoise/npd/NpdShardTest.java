package dev.goldennoise.npd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpdShardTest {
    private static final long[] LATENT = {2, 3, 4};

    @TempDir
    Path dir;

    @Test
    void shardsRoundTripValuesCaptionsScoresIndicesAndShape() throws IOException {
        List<NoisePair> first = List.of(pair(5, 501, "a red \"circle\" — left of a square"), pair(1, 101, "two dots"));
        List<NoisePair> second = List.of(pair(3, 301, "ünïcode\nand a newline"));
        NpdShardWriter.write(dir, 0, LATENT, first);
        NpdShardWriter.write(dir, 1, LATENT, second);

        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(List.of(), r.problems());
        assertArrayEquals(LATENT, r.latentShape());
        assertEquals(List.of(1L, 3L, 5L), r.pairs().stream().map(NoisePair::index).toList(), "sorted by index");
        List<NoisePair> all = new ArrayList<>(first);
        all.addAll(second);
        for (NoisePair expected : all) {
            NoisePair got = r.pairs().stream().filter(p -> p.index() == expected.index()).findFirst().orElseThrow();
            assertEquals(expected.seed(), got.seed());
            assertEquals(expected.caption(), got.caption());
            assertArrayEquals(expected.source(), got.source());
            assertArrayEquals(expected.golden(), got.golden());
            assertEquals(expected.originalScore(), got.originalScore());
            assertEquals(expected.optimizedScore(), got.optimizedScore());
        }
    }

    @Test
    void shardFilesUseTheOfficialKeys() throws IOException {
        NpdShardWriter.write(dir, 7, LATENT, List.of(pair(9, 90, "x"), pair(4, 40, "y")));
        Path npz = NpdShardWriter.npzPath(dir, 7);
        assertEquals("shard-00007.npz", npz.getFileName().toString());
        Map<String, NpyArray> a = Npz.read(npz);
        assertEquals(List.of("arr_0", "arr_1", "arr_2"), List.copyOf(a.keySet()));
        assertEquals("<f4", a.get("arr_0").dtype());
        assertArrayEquals(new long[] {2, 2, 3, 4}, a.get("arr_0").shape());
        assertArrayEquals(new long[] {2, 2, 3, 4}, a.get("arr_1").shape());
        assertEquals("<i8", a.get("arr_2").dtype());
        assertArrayEquals(new long[] {9, 4}, a.get("arr_2").asLongs());

        List<String> lines = Files.readAllLines(dir.resolve("shard-00007.jsonl"));
        assertEquals(2, lines.size());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("index", "seed", "caption", "original_score_list", "optimized_score_list"), keys);
        assertEquals(9, n.get("index").asLong());
        assertEquals(90, n.get("seed").asLong());
        assertEquals(1, n.get("original_score_list").size());
        assertEquals(pair(9, 90, "x").optimizedScore(), n.get("optimized_score_list").get(0).asDouble());
    }

    @Test
    void aShardIsCompleteOnlyOnceItsNpzExists() throws IOException {
        assertFalse(NpdShardWriter.isComplete(dir, 2));
        NpdShardWriter.write(dir, 2, LATENT, List.of(pair(0, 1, "a")));
        assertTrue(NpdShardWriter.isComplete(dir, 2));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("shard-00002.jsonl", "shard-00002.npz"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files are left");
        }
        // an interrupted writer leaves the .jsonl alone: not complete, and reported rather than read
        Files.delete(NpdShardWriter.npzPath(dir, 2));
        assertFalse(NpdShardWriter.isComplete(dir, 2));
        NpdShardWriter.write(dir, 3, LATENT, List.of(pair(5, 1, "b")));
        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(1, r.pairs().size());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains("shard-00002.jsonl"), r.problems().toString());
    }

    @Test
    void aTruncatedShardIsReportedByNameAndTheOthersStillLoad() throws IOException {
        NpdShardWriter.write(dir, 0, LATENT, List.of(pair(0, 10, "a"), pair(1, 11, "b")));
        NpdShardWriter.write(dir, 1, LATENT, List.of(pair(2, 12, "c"), pair(3, 13, "d")));
        NpdShardWriter.write(dir, 2, LATENT, List.of(pair(4, 14, "e")));
        Path cut = NpdShardWriter.npzPath(dir, 1);
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(List.of(0L, 1L, 4L), r.pairs().stream().map(NoisePair::index).toList());
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith("shard-00001.npz"), r.problems().get(0));
    }

    @Test
    void aShardMissingMetadataLinesLosesOnlyThosePairs() throws IOException {
        NpdShardWriter.write(dir, 0, LATENT, List.of(pair(0, 10, "a"), pair(1, 11, "b")));
        Path jsonl = dir.resolve("shard-00000.jsonl");
        List<String> lines = Files.readAllLines(jsonl);
        Files.write(jsonl, List.of(lines.get(0), lines.get(1).substring(0, 20)));
        NpdReader.Result r = NpdReader.read(dir);
        assertEquals(List.of(0L), r.pairs().stream().map(NoisePair::index).toList());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("shard-00000.jsonl line 2")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("shard-00000.npz") && p.contains("index 1")),
                r.problems().toString());
    }

    @Test
    void shardsOfTwoLatentShapesAreAnError() throws IOException {
        NpdShardWriter.write(dir, 0, LATENT, List.of(pair(0, 10, "a")));
        NpdShardWriter.write(dir, 1, new long[] {1, 2, 2},
                List.of(new NoisePair(1, 11, "b", new float[4], new float[4], 0, 1)));
        IOException e = assertThrows(IOException.class, () -> NpdReader.read(dir));
        assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[1, 2, 2]")
                && e.getMessage().contains("shard-00001.npz"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFolderSaysWhatWasExpected() throws IOException {
        IOException e = assertThrows(IOException.class, () -> NpdReader.read(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("shard-NNNNN.npz")
                && e.getMessage().contains("{index}_{seed}.npz"), e.getMessage());
        Path missing = dir.resolve("nope");
        e = assertThrows(IOException.class, () -> NpdReader.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("shard-NNNNN.npz"), e.getMessage());
    }

    @Test
    void theWriterRefusesPairsItCouldNotReadBack() {
        assertThrows(IllegalArgumentException.class,
                () -> NpdShardWriter.write(dir, 0, LATENT, List.of(pair(1, 1, "a"), pair(1, 2, "b"))));
        assertThrows(IllegalArgumentException.class, () -> NpdShardWriter.write(dir, 0, new long[] {4, 4, 4},
                List.of(pair(1, 1, "a"))));
        assertFalse(NpdShardWriter.isComplete(dir, 0));
    }

    /** A pair with noise and scores drawn from its index, so each field is checked against a distinct value. */
    static NoisePair pair(long index, long seed, String caption) {
        Random r = new Random(index * 31 + seed);
        float[] source = new float[24];
        float[] golden = new float[24];
        for (int i = 0; i < source.length; i++) {
            source[i] = (float) r.nextGaussian();
            golden[i] = (float) r.nextGaussian();
        }
        return new NoisePair(index, seed, caption, source, golden, 20 + r.nextDouble(), 20 + r.nextDouble());
    }
}
