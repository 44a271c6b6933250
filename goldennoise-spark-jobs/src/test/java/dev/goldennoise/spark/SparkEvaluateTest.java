package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate} on local[2] against the CLI's evaluate of the same tiny settings: 3 prompts × 2 seeds, standard
 * against re-denoise, 2 steps, batches of 2 (3 tasks), scored by the exact checker.
 *
 * <p>Run-specific, and so left out of the comparison: results.json's {@code provenance} (time, machine, commit state),
 * and the timings ({@code cost.*.seconds}, {@code seconds_per_image}, {@code extra_time_percent};
 * {@code answer.strategies.*.extra_seconds_per_image}, {@code extra_time_percent}, {@code seconds_per_extra_correct});
 * in report.html the sections that show them (cost against benefit, cost, settings and provenance) and the answer's
 * extra-time column; in each images/&lt;strategy&gt;/done.jsonl the {@code seconds}.
 */
class SparkEvaluateTest {
    @TempDir
    static Path dir;
    static List<String> settings;
    static Path cli;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cliEvaluation() throws IOException {
        Path tinyModel = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 5)) {
            BuiltinModelFiles.save(model, tinyModel);
        }
        Path prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "a red circle\ntwo blue squares\na green triangle above a red square\n");
        settings = List.of("--prompts-file", prompts.toString(), "--seeds", "0-1", "--noise", "standard,redenoise", "--steps", "2",
                "--batch", "2", "--model", tinyModel.toString(), "--scorers", dir.resolve("no-scorers").toString(), "--sample", "6");
        cli = dir.resolve("cli");
        Runs.Run r = Runs.cli(Runs.with(List.of("evaluate"), Runs.with(settings, "--out", cli.toString()).toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void distributedEvaluationEqualsTheClis() throws IOException {
        Path out = dir.resolve("spark");
        Runs.Run r = Runs.spark(Runs.with(List.of("evaluate", "--master", "local[2]", "--out", out.toString()), settings.toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("12 images made, 0 reused from an earlier run, in 3 tasks"), r.out());
        assertTrue(r.out().contains("redenoise / checker"), r.out());

        assertEquals(withoutTimings(JSON.readTree(cli.resolve("results.json").toFile())),
                withoutTimings(JSON.readTree(out.resolve("results.json").toFile())));
        assertEquals(withoutTimings(Files.readString(cli.resolve("report.html"))), withoutTimings(Files.readString(out.resolve("report.html"))));

        Map<String, byte[]> mine = Runs.files(out);
        Map<String, byte[]> theirs = Runs.files(cli);
        Map<String, byte[]> pngs = new TreeMap<>(mine);
        pngs.keySet().removeIf(f -> !f.endsWith(".png"));
        assertEquals(12, pngs.size(), mine.keySet().toString());
        pngs.forEach((f, bytes) -> assertTrue(Arrays.equals(theirs.get(f), bytes), f + " differs from the CLI's"));
        for (String f : theirs.keySet()) {
            if (f.endsWith("done.jsonl")) {
                assertEquals(indexWithoutSeconds(theirs.get(f)), indexWithoutSeconds(mine.get(f)), f);
            }
        }
        assertEquals(Files.readString(cli.resolve("settings.json")), Files.readString(out.resolve("settings.json")));
        assertTrue(mine.keySet().stream().noneMatch(f -> f.endsWith(RemoteFolder.TEMPORARY)), mine.keySet().toString());

        // a rerun reuses every image, the CLI's rule, and scores them again to the same results
        Runs.Run again = Runs.spark(Runs.with(List.of("evaluate", "--master", "local[2]", "--out", out.toString()), settings.toArray(String[]::new)));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 images made, 12 reused"), again.out());
        assertEquals(withoutTimings(JSON.readTree(cli.resolve("results.json").toFile())),
                withoutTimings(JSON.readTree(out.resolve("results.json").toFile())));

        Runs.Run other = Runs.spark(Runs.with(List.of("evaluate", "--master", "local[2]", "--out", out.toString()), Runs.with(settings, "--cfg", "5")
                .toArray(String[]::new)));
        assertEquals(2, other.code(), other.out());
        assertTrue(other.err().contains("holds an evaluation with other settings") && other.err().lines().count() == 1, other.err());
    }

    private static JsonNode withoutTimings(JsonNode results) {
        ObjectNode r = results.deepCopy();
        r.remove("provenance");
        r.get("cost").forEach(c -> ((ObjectNode) c).remove(List.of("seconds", "seconds_per_image", "extra_time_percent")));
        r.get("answer").get("strategies").forEach(a -> ((ObjectNode) a).remove(
                List.of("extra_seconds_per_image", "extra_time_percent", "seconds_per_extra_correct")));
        return r;
    }

    private static final Pattern EXTRA_TIME = Pattern.compile("<td>[+-][0-9.]+ s \\([+-][0-9.]+%\\)</td>");

    private static String withoutTimings(String html) {
        List<String> kept = new ArrayList<>();
        for (String section : html.split("<h2>")) {
            if (!section.startsWith("Cost") && !section.startsWith("Settings and provenance")) {
                kept.add(EXTRA_TIME.matcher(section).replaceAll("<td>(time)</td>"));
            }
        }
        return String.join("<h2>", kept);
    }

    private static List<String> indexWithoutSeconds(byte[] index) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : new String(index, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            n.remove("seconds");
            out.add(n.toString());
        }
        return out;
    }
}
