package dev.goldennoise.cli;

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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} end to end on a tiny untrained model: 3 prompts × 2 seeds, 2 DDIM steps. */
class EvaluateCommandTest {
    @TempDir
    static Path dir;
    static Path tinyModel;
    static Path prompts;
    private static final ObjectMapper JSON = new ObjectMapper();


    @BeforeAll
    static void tinyUntrainedModel() throws IOException {
        tinyModel = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 5)) {
            BuiltinModelFiles.save(model, tinyModel);
        }
        prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "# three categories\na red circle\n\ntwo blue squares\na green triangle above a red square\n");
    }

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    /** The three prompts of the prompts file with seeds 0 and 1: six items, two of each category, in two batches. */
    private static CliTest.Run evaluate(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--prompts-file", prompts.toString(), "--seeds", "0-1"));
        args.addAll(List.of(extra));
        return evaluateSmall(out, args.toArray(String[]::new));
    }

    /** Fewer images where the statistics do not matter, to keep the tests fast. */
    private static CliTest.Run evaluateSmall(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--noise", "standard,standard", "--steps", "2", "--batch", "4",
                "--model", tinyModel.toString(), "--out", out.toString(), "--scorers", dir.resolve("no-scorers").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void identicalStrategiesTieOnEveryItem() throws IOException {
        Path out = dir.resolve("same");
        CliTest.Run r = evaluate(out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("standard#2 / checker"), r.out());

        JsonNode res = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(6, res.get("items").size());
        assertEquals("standard", res.get("settings").get("baseline").asText());
        assertEquals(2, res.get("settings").get("steps").asInt());
        assertTrue(res.get("provenance").has("created"));
        for (String metric : List.of("checker", "checker-partial")) {
            for (String group : List.of("all", "single", "counting", "position")) {
                JsonNode c = res.get("comparisons").get("standard#2").get(metric).get(group);
                int n = group.equals("all") ? 6 : 2;
                assertEquals(0, c.get("wins").asInt(), metric + " " + group);
                assertEquals(n, c.get("ties").asInt(), metric + " " + group);
                assertEquals(0, c.get("losses").asInt(), metric + " " + group);
                assertEquals(0.0, c.get("win_rate").asDouble());
                assertEquals(0.5, c.get("win_rate_ties_half").asDouble());
                assertEquals(1.0, c.get("p_value").asDouble());
            }
        }
        JsonNode first = res.get("items").get(0);
        assertEquals("a red circle", first.get("prompt").asText());
        assertEquals("single", first.get("category").asText());
        assertEquals(0, first.get("seed").asLong());
        for (String label : List.of("standard", "standard#2")) {
            JsonNode img = first.get("strategies").get(label);
            assertTrue(Files.isRegularFile(out.resolve(img.get("image").asText())), img.toString());
            assertTrue(img.get("scores").has("checker-partial"));
            assertTrue(img.get("checker_failures").isArray());
        }
        assertEquals(res.get("summary").get("standard").toString(), res.get("summary").get("standard#2").toString());
        JsonNode cost = res.get("cost").get("standard#2");
        assertEquals(4, cost.get("denoiser_calls_per_image").asInt(), "2 steps × 2 (CFG)");
        assertTrue(cost.get("seconds_per_image").asDouble() > 0);

        JsonNode answer = res.get("answer");
        assertEquals("checker", answer.get("primary_metric").asText());
        JsonNode verdict = answer.get("strategies").get("standard#2");
        assertEquals("no evidence", verdict.get("verdict").asText(), verdict.toString());
        assertEquals(0.0, verdict.get("gain").asDouble());
        assertTrue(verdict.get("seconds_per_extra_correct").isNull(), "no gain, so no cost per extra correct image");

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.indexOf("The answer") < html.indexOf("Checker accuracy"), "the answer comes first");
        assertTrue(html.indexOf("Cost against benefit") < html.indexOf("Settings and provenance"), "settings come last");
        assertTrue(html.indexOf("Samples") < html.indexOf("Settings and provenance"), "settings come last");
        assertTrue(html.contains("src=\"data:image/png;base64,"), "the tiny model's images are inlined");
        assertFalse(html.contains("src=\"images/"), "the page is one file");
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "no external links");
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("What the strategies change in the noise"), "standard does not change the noise");
        try (Stream<Path> files = Files.walk(out)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void theReportShowsWhatEachCheapStrategyChangesInTheNoise() throws IOException {
        Path out = dir.resolve("changes");
        CliTest.Run r = evaluateSmall(out, "a red circle", "two blue squares", "--noise", "standard,scale:s=0.5,redenoise");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("report.html"));
        int section = html.indexOf("What the strategies change in the noise");
        assertTrue(section > 0 && section < html.indexOf("Settings and provenance"), "the section is in the report");
        assertTrue(html.contains("<h3>scale:s=0.5, 2 items</h3>"), html.substring(section, Math.min(html.length(), section + 800)));
        // x_T' = 0.5 x_T moves every noise by exactly half its norm
        assertTrue(html.contains("Mean ‖Δ‖/‖x_T‖ 0.500."), "the move of the scaling");
        assertTrue(html.contains("Not analysed, since making their noise again would repeat their denoiser calls: redenoise"));
        assertFalse(html.contains("<h3>redenoise, "));
    }

    @Test
    void aRerunReusesFinishedImagesAndGivesTheSameResults() throws IOException {
        Path out = dir.resolve("resume");
        String[] args = {"a red circle", "two blue squares", "--seeds", "0"};
        assertEquals(0, evaluateSmall(out, args).code());
        Map<Path, FileTime> times = pngTimes(out);
        assertEquals(4, times.size());
        JsonNode before = withoutProvenance(out);
        Files.delete(out.resolve("results.json"));
        Files.delete(out.resolve("report.html"));

        CliTest.Run again = evaluateSmall(out, args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 images made, 4 reused"), again.out());
        assertEquals(times, pngTimes(out), "no image rewritten");
        assertEquals(before, withoutProvenance(out));
        assertTrue(Files.exists(out.resolve("report.html")));

        // a run stopped before one image was finished makes only that image
        Path lost = out.resolve("images").resolve(folderOf(out, "standard#2")).resolve("00001-seed0.png");
        Files.delete(lost);
        CliTest.Run partial = evaluateSmall(out, args);
        assertEquals(0, partial.code(), partial.err());
        assertTrue(partial.out().contains("1 images made, 3 reused"), partial.out());
        assertTrue(Files.exists(lost));
        JsonNode c = withoutProvenance(out).get("comparisons").get("standard#2").get("checker").get("all");
        assertEquals(2, c.get("ties").asInt() + c.get("wins").asInt() + c.get("losses").asInt());
    }

    @Test
    void otherSettingsInTheSameFolderAreRefused() {
        Path out = dir.resolve("mismatch");
        assertEquals(0, evaluateSmall(out, "a red circle").code());
        CliTest.Run r = evaluateSmall(out, "a red circle", "--cfg", "2");
        CliTest.assertOneLineError(r, "--out");
        assertTrue(r.err().contains("cfg (" + SamplingOptions.DEFAULT_CFG + " there, 2.0 now)"), r.err());
        CliTest.assertOneLineError(evaluateSmall(out, "a red circle", "--seeds", "0-1"), "seeds");
        CliTest.assertOneLineError(evaluateSmall(out, "a blue circle"), "prompts");
        CliTest.assertOneLineError(evaluateSmall(out, "a red circle", "--sampler", "euler"), "sampler (ddim there, euler now)");
        CliTest.assertOneLineError(evaluateSmall(dir.resolve("heun"), "a red circle", "--sampler", "heun"), "--sampler");
    }

    @Test
    void badInputGivesOneLineAndExitCode2() {
        String model = tinyModel.toString();
        String out = dir.resolve("bad").toString();
        // one strategy alone is a plain measurement: means and accuracy, no comparisons
        CliTest.Run alone = run("evaluate", "a red circle", "--noise", "standard", "--steps", "2", "--model", model,
                "--out", dir.resolve("alone").toString(), "--scorers", dir.resolve("no-scorers").toString());
        assertEquals(0, alone.code(), alone.err());
        assertTrue(Files.exists(dir.resolve("alone").resolve("report.html")));
        CliTest.assertOneLineError(run("evaluate", "a red circle", "--noise", "standard,magic", "--model", model, "--out", out), "magic");
        CliTest.assertOneLineError(run("evaluate", "a red circle", "--prompt-set", "pair", "--noise", "standard,standard", "--model", model,
                "--out", out), "not both");
        CliTest.assertOneLineError(run("evaluate", "--prompt-set", "shapes", "--noise", "standard,standard", "--model", model,
                "--out", out), "--prompt-set");
        CliTest.assertOneLineError(run("evaluate", "a red circle"), "--noise");
        CliTest.assertOneLineError(run("evaluate", "a red circle", "--noise", "standard,standard", "--steps", "2", "--model", model,
                "--out", out, "--scorers", dir.resolve("no-scorers").toString(), "--primary", "judge"), "--primary judge");
        CliTest.Run help = run("evaluate", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("standard#2") || help.out().contains("name#2"), help.out());
        assertTrue(help.out().contains("1000"), help.out());
    }

    @Test
    void planSizesAPairedTestFromAnAssumptionOrAPilot() {
        CliTest.Run assumed = run("evaluate", "--plan", "--effect", "0.05", "--discordant", "0.3");
        assertEquals(0, assumed.code(), assumed.err());
        assertTrue(assumed.out().contains("items needed: 940 "), assumed.out());

        Path pilot = dir.resolve("pilot");
        assertEquals(0, evaluateSmall(pilot, "a red circle", "--seeds", "0").code());
        CliTest.Run measured = run("evaluate", "--plan", "--pilot", pilot.toString());
        assertEquals(0, measured.code(), measured.err());
        assertTrue(measured.out().contains("standard#2: discordant rate 0.000 on 1 items"), measured.out());

        CliTest.assertOneLineError(run("evaluate", "--plan", "--effect", "0"), "effect");
        CliTest.assertOneLineError(run("evaluate", "--plan", "--effect", "NaN"), "effect");
        CliTest.assertOneLineError(run("evaluate", "--plan", "--power", "1.5"), "power");
        CliTest.assertOneLineError(run("evaluate", "--plan", "--effect", "0.4", "--discordant", "0.3"), "discordant");
        CliTest.assertOneLineError(run("evaluate", "--plan", "--pilot", dir.resolve("nowhere").toString()), "results.json");
    }

    private static Map<Path, FileTime> pngTimes(Path out) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out.resolve("images"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".png")).toList()) {
                times.put(p, Files.getLastModifiedTime(p));
            }
        }
        return times;
    }

    private static JsonNode withoutProvenance(Path out) throws IOException {
        ObjectNode res = (ObjectNode) JSON.readTree(out.resolve("results.json").toFile());
        res.remove("provenance");
        return res;
    }

    /** The cache folder of a strategy: its label, then a digest of the label and its weights. */
    private static String folderOf(Path out, String label) throws IOException {
        try (Stream<Path> dirs = Files.list(out.resolve("images"))) {
            List<String> found = dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(label + "-")).toList();
            assertEquals(1, found.size(), "one folder for " + label + ": " + found);
            return found.get(0);
        }
    }
}
