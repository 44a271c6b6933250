package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 at random moments: a child JVM runs a tiny {@code collect} (and {@code evaluate}), is killed with SIGKILL
 * several times part-way, then rerun to the end; what it leaves must equal an uninterrupted run's output byte for byte.
 */
class CrashResumeTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path scorers;
    private static final int KILLS = 3;

    @BeforeAll
    static void tinyModelAndScorer() throws IOException {
        model = dir.resolve("tiny.safetensors");
        scorers = dir.resolve("scorers");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel b = new BuiltinModel(BuiltinConfig.tiny(), m, 11)) {
            BuiltinModelFiles.save(b, model);
            try (PreferenceModel p = new PreferenceModel(PreferenceModelConfig.tiny(), m, 4)) {
                PreferenceModelFiles.save(p, "preference", scorers.resolve("preference.safetensors"));
            }
        }
    }

    private static List<String> collect(Path out) {
        return List.of("collect", "--model", model.toString(), "--scorers", scorers.toString(), "--count", "16",
                "--shard-size", "2", "--steps", "2", "--batch", "2", "--out", out.toString());
    }

    private static List<String> evaluate(Path out) {
        return List.of("evaluate", "a red circle", "two blue squares", "a green triangle above a red square", "--seeds", "0-3",
                "--noise", "standard,redenoise", "--steps", "2", "--batch", "2", "--model", model.toString(),
                "--scorers", scorers.toString(), "--out", out.toString());
    }

    @Test
    void collectKilledAtRandomResumesToTheSameShards() throws Exception {
        Path reference = dir.resolve("npd-reference");
        Path crashed = dir.resolve("npd-crashed");
        long millis = killAndResume(collect(reference), collect(crashed), new Random(1));
        Map<String, byte[]> want = files(reference, p -> !p.endsWith(".tmp"));
        Map<String, byte[]> got = files(crashed, p -> !p.endsWith(".tmp"));
        assertTrue(want.keySet().stream().anyMatch(k -> k.endsWith(".npz")), "the reference run wrote shards: " + want.keySet());
        assertEquals(want.keySet(), got.keySet());
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name + " (uninterrupted run " + millis + " ms)"));
    }

    @Test
    void evaluateKilledAtRandomResumesToTheSameImagesAndScores() throws Exception {
        Path reference = dir.resolve("eval-reference");
        Path crashed = dir.resolve("eval-crashed");
        killAndResume(evaluate(reference), evaluate(crashed), new Random(2));
        Map<String, byte[]> want = files(reference, p -> p.endsWith(".png"));
        Map<String, byte[]> got = files(crashed, p -> p.endsWith(".png"));
        assertEquals(24, want.size(), "12 items × 2 strategies");
        assertEquals(want.keySet(), got.keySet());
        want.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), name));
        // the statistics and every score; timings and provenance differ between any two runs
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(reference.resolve("results.json").toFile());
        JsonNode b = json.readTree(crashed.resolve("results.json").toFile());
        assertEquals(a.get("comparisons"), b.get("comparisons"));
        assertEquals(withoutTimes(a.get("items")), withoutTimes(b.get("items")));
    }

    private static JsonNode withoutTimes(JsonNode items) {
        JsonNode copy = items.deepCopy();
        copy.forEach(item -> item.findParents("seconds").forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("seconds")));
        return copy;
    }

    /**
     * Runs {@code reference} once to the end and times it, then runs {@code crashed} {@value #KILLS} times, each killed
     * with SIGKILL at a random moment within that time, and once more to the end. Returns the reference's time. When
     * a crashed run finishes before its kill (the machine got faster than during the reference), its output is thrown
     * away and the next kill comes earlier, so that a busy machine cannot turn the test into one without a crash.
     */
    private static long killAndResume(List<String> reference, List<String> crashed, Random rnd) throws Exception {
        long t0 = System.nanoTime();
        Process ref = start(reference);
        assertEquals(0, ref.waitFor(), "the uninterrupted run finishes");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Path crashedOut = Path.of(crashed.get(crashed.indexOf("--out") + 1));
        int killed = 0;
        double scale = 1;
        for (int i = 0; i < KILLS || (killed == 0 && i < 4 * KILLS); i++) {
            Process p = start(crashed);
            long at = (long) (millis * scale * (0.3 + 0.65 * rnd.nextDouble()));
            if (!p.waitFor(at, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                killed++;
            } else if (killed == 0) {
                deleteTree(crashedOut);
                scale /= 2;
            }
        }
        assertTrue(killed > 0, "at least one run was killed part-way");
        Process last = start(crashed);
        assertEquals(0, last.waitFor(), "the resumed run finishes");
        return millis;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static Process start(List<String> args) throws IOException {
        return new ProcessBuilder(ChildJvm.command(args)).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    private static Map<String, byte[]> files(Path root, java.util.function.Predicate<String> keep) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString();
                if (keep.test(name)) {
                    out.put(name, Files.readAllBytes(p));
                }
            }
        }
        assertFalse(out.isEmpty(), "no files under " + root);
        return out;
    }
}
