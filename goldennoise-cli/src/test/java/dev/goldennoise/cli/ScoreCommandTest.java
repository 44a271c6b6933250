package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.Renderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCommandTest {
    @TempDir
    static Path dir;
    static Path scorers;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void imagesAndTinyScorers() throws IOException {
        Files.createDirectories(dir.resolve("img"));
        Renderer.render(PromptParser.parse("a red circle"), 1).writePng(dir.resolve("img/circle.png"));
        Renderer.render(PromptParser.parse("two blue squares"), 2).writePng(dir.resolve("img/squares.png"));
        scorers = dir.resolve("scorers");
        Files.createDirectories(scorers);
        try (NDManager m = NDManager.newBaseManager()) {
            try (PreferenceModel p = new PreferenceModel(PreferenceModelConfig.tiny(), m, 1)) {
                PreferenceModelFiles.save(p, "preference", scorers.resolve("preference.safetensors"));
            }
            try (PreferenceModel j = new PreferenceModel(PreferenceModelConfig.tinyPatch(), m, 2)) {
                PreferenceModelFiles.save(j, "judge", scorers.resolve("judge.safetensors"));
            }
        }
    }

    private static Path manifest(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void keepsEveryFieldAndAddsOneNumberPerScorer() throws IOException {
        Path m = manifest("good.jsonl",
                "{\"prompt\":\"a red circle\",\"image\":\"img/circle.png\",\"seed\":7,\"tag\":{\"x\":[1,2.50]}}",
                "{\"prompt\":\"a blue circle\",\"image\":\"img/circle.png\",\"note\":\"wrong colour\"}",
                "{\"image\":\"img/squares.png\",\"prompt\":\"two blue squares\"}");
        Path out = dir.resolve("scored.jsonl");
        CliTest.Run r = CliTest.run("score", m.toString(), "--out", out.toString(), "--scorer-dir", scorers.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(List.of("prompt", "image", "seed", "tag", "preference", "judge", "checker", "checker-partial"),
                fieldNames(first));
        assertEquals(7, first.get("seed").asInt());
        assertTrue(lines.get(0).contains("\"tag\":{\"x\":[1,2.50]}"), "extra fields kept as they were: " + lines.get(0));
        assertEquals(1.0, first.get("checker").asDouble());
        assertEquals(1.0, first.get("checker-partial").asDouble());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals("wrong colour", second.get("note").asText());
        assertEquals(0.0, second.get("checker").asDouble());
        assertTrue(second.get("checker-partial").asDouble() < 1);
        assertEquals(1.0, JSON.readTree(lines.get(2)).get("checker").asDouble());
        for (String line : lines) {
            double p = JSON.readTree(line).get("preference").asDouble();
            assertTrue(p >= -100 && p <= 100, line);
        }
    }

    @Test
    void scoresOnlyTheChosenScorers() throws IOException {
        Path m = manifest("one.jsonl", "{\"prompt\":\"a red circle\",\"image\":\"img/circle.png\"}");
        Path out = dir.resolve("one-scored.jsonl");
        CliTest.Run r = CliTest.run("score", m.toString(), "--out", out.toString(), "--scorers", "checker-partial");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("prompt", "image", "checker-partial"), fieldNames(JSON.readTree(Files.readString(out))));
    }

    @Test
    void aBadLineIsNamedAndNothingIsWritten() throws IOException {
        String good = "{\"prompt\":\"a red circle\",\"image\":\"img/circle.png\"}";
        String[][] cases = {
                {"{\"image\":\"img/circle.png\"}", "line 2: no \"prompt\""},
                {"{\"prompt\":\"a red circle\",\"image\":\"img/missing.png\"}", "line 2: image"},
                {"{\"prompt\":\"a red circle\",\"image\":\"good.jsonl\"}", "line 2: image"},
                {"{\"prompt\":\"a photo of a cat\",\"image\":\"img/circle.png\"}", "line 2: scorer"},
                {"not json", "line 2: not JSON"},
                {"[1,2]", "line 2: not a JSON object"},
        };
        manifest("good.jsonl", good);
        for (String[] c : cases) {
            Path m = manifest("bad.jsonl", good, c[0], good);
            Path out = dir.resolve("bad-scored.jsonl");
            CliTest.Run r = CliTest.run("score", m.toString(), "--out", out.toString(), "--scorer-dir", scorers.toString());
            assertEquals(2, r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().filter(l -> l.contains("line 2")).count(), r.err());
            assertFalse(Files.exists(out), "nothing written for " + c[0]);
            try (Stream<Path> files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
            }
        }
    }

    @Test
    void unknownScorerAndMissingWeightsAreUserErrors() throws IOException {
        Path m = manifest("u.jsonl", "{\"prompt\":\"a red circle\",\"image\":\"img/circle.png\"}");
        CliTest.Run r = CliTest.run("score", m.toString(), "--out", dir.resolve("u-out.jsonl").toString(), "--scorers", "hpsv2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown scorer 'hpsv2'"), r.err());
        r = CliTest.run("score", m.toString(), "--out", dir.resolve("u-out.jsonl").toString(), "--scorers", "judge",
                "--scorer-dir", dir.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("scorer weights not found"), r.err());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
