package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.PngText;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class CliTest {
    @TempDir
    static Path dir;
    static Path tinyModel;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Run(int code, String out, String err) {}

    @BeforeAll
    static void tinyUntrainedModel() throws IOException {
        tinyModel = saveTinyModel(dir.resolve("tiny.safetensors"));
    }

    /** An untrained model of the tiny configuration (seed 3), which samples in milliseconds. */
    static Path saveTinyModel(Path file) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 3)) {
            BuiltinModelFiles.save(model, file);
        }
        return file;
    }

    public static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateWritesImagesAndManifest() throws IOException {
        Path out = dir.resolve("gen");
        Run r = run("generate", "a red circle", "two blue squares", "--seeds", "3,5", "--steps", "2", "--cfg", "3",
                "--model", tinyModel.toString(), "--out", out.toString(), "--batch", "3");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8);
        assertEquals(4, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("a red circle", first.get("prompt").asText());
        assertEquals(3, first.get("seed").asLong());
        assertEquals("standard", first.get("noise").asText());
        assertEquals("builtin-shapes", first.get("model").asText());
        assertEquals(2, first.get("steps").asInt());
        assertEquals(3.0, first.get("cfg").asDouble());
        for (String line : lines) {
            Path img = out.resolve(JSON.readTree(line).get("image").asText());
            RgbImage read = RgbImage.read(img);
            assertEquals(64, read.width());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void theSamplerIsChosenRecordedAndChangesTheImage() throws IOException {
        Path ddim = dir.resolve("sampler-ddim");
        Path dpm = dir.resolve("sampler-dpm");
        for (Path out : List.of(ddim, dpm)) {
            Run r = run("generate", "a red circle", "--seeds", "4", "--steps", "3", "--model", tinyModel.toString(), "--out", out.toString(),
                    "--sampler", out == ddim ? "ddim" : "dpmpp-2m:karras");
            assertEquals(0, r.code(), r.err());
        }
        JsonNode a = JSON.readTree(Files.readAllLines(ddim.resolve("manifest.jsonl")).get(0));
        JsonNode b = JSON.readTree(Files.readAllLines(dpm.resolve("manifest.jsonl")).get(0));
        assertEquals("ddim", a.get("sampler").asText());
        assertEquals("dpmpp-2m:karras", b.get("sampler").asText());
        assertNotEquals(a.get("image").asText(), b.get("image").asText(), "another sampler, another file name");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(ddim.resolve(a.get("image").asText())),
                Files.readAllBytes(dpm.resolve(b.get("image").asText()))), "another sampler, another image");
        assertOneLineError(run("generate", "a red circle", "--sampler", "euler:fast", "--model", tinyModel.toString(), "--out",
                dir.resolve("sampler-bad").toString()), "--sampler");
    }

    @Test
    void sameSeedGivesSameImageWhateverTheBatch() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run("generate", "a red circle", "--seeds", "0-2", "--steps", "2", "--model", tinyModel.toString(),
                "--out", a.toString(), "--batch", "3").code());
        assertEquals(0, run("generate", "a red circle", "--seeds", "2", "--steps", "2", "--model", tinyModel.toString(),
                "--out", b.toString(), "--batch", "1").code());
        String nameA = JSON.readTree(Files.readAllLines(a.resolve("manifest.jsonl")).get(2)).get("image").asText();
        String nameB = JSON.readTree(Files.readAllLines(b.resolve("manifest.jsonl")).get(0)).get("image").asText();
        RgbImage ia = RgbImage.read(a.resolve(nameA));
        RgbImage ib = RgbImage.read(b.resolve(nameB));
        int maxDiff = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                maxDiff = Math.max(maxDiff, Math.abs(ia.r(x, y) - ib.r(x, y)));
            }
        }
        assertTrue(maxDiff <= 1, "pixel difference " + maxDiff);
    }

    @Test
    void everyCommandSummaryInTheHelpIsAWholeSentence() {
        Run r = run("--help");
        assertEquals(0, r.code());
        String commands = r.out().substring(r.out().indexOf("Commands:") + "Commands:".length());
        // a summary's continuation lines are indented deeper than the command names
        List<String> summaries = new java.util.ArrayList<>();
        for (String line : commands.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                summaries.add(line.strip());
            } else {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        assertTrue(summaries.size() >= 15, "commands listed: " + summaries);
        for (String s : summaries) {
            assertTrue(s.endsWith(".") || s.endsWith(".)"), "summary cut short: " + s);
        }
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws IOException {
        String model = tinyModel.toString();
        String out = dir.resolve("bad").toString();
        assertOneLineError(run("generate", "a pink circle", "--model", model, "--out", out), "pink");
        assertOneLineError(run("generate", "five red circles", "--model", model, "--out", out), "five");
        assertOneLineError(run("generate", "a red circle", "--seeds", "3-x", "--model", model, "--out", out), "--seeds");
        assertOneLineError(run("generate", "a red circle", "--seeds", "9-2", "--model", model, "--out", out), "backwards");
        assertOneLineError(run("generate", "a red circle", "--model", dir.resolve("missing.safetensors").toString(), "--out", out),
                "train-base");
        Path corrupt = dir.resolve("corrupt.safetensors");
        Files.write(corrupt, new byte[] {9, 9, 9});
        assertOneLineError(run("generate", "a red circle", "--model", corrupt.toString(), "--out", out), "corrupt.safetensors");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertOneLineError(run("generate", "a red circle", "--model", model, "--out", file.resolve("sub").toString()), "--out");
        assertOneLineError(run("generate", "--model", model, "--out", out), "no prompts");
        assertOneLineError(run("generate", "a red circle", "--device", "cuda", "--model", model, "--out", out), "--device cuda applies to ONNX exports only");
        assertOneLineError(run("generate", "a red circle", "--ort-optimization", "basic", "--model", model, "--out", out), "--ort-optimization");
        assertOneLineError(run("generate", "a red circle", "--ort-threads", "2", "--model", model, "--out", out), "--ort-threads");
        assertOneLineError(run("generate", "a red circle", "--steps", "many"), "--steps");
        assertOneLineError(run("bench", "--steps", "4,0"), "--steps must be step counts from 1 to 1000, got 0");
        assertOneLineError(run("bench", "--npnet", dir.resolve("none.safetensors").toString()), "--npnet");
        assertOneLineError(run("bench", "--npnet", file.toString()), "is not readable NPNet weights");
        String work = dir.resolve("rwork").toString();
        assertOneLineError(run("train-npnet", "--keep-best", "--data", dir.toString()), "--keep-best is for --objective reward");
        assertOneLineError(run("train-npnet", "--hold-out-prompts", "0.2", "--data", dir.toString()), "--hold-out-prompts and --validation-draws are for");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--denoiser", "--denoiser-part", "middle", "--work", work), "must be full or encoder");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--denoiser-part", "encoder", "--work", work), "needs --denoiser");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--denoiser-lr-scale", "0.1", "--work", work), "needs --denoiser");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--denoiser", "--denoiser-lr-scale", "-1", "--work", work),
                "--denoiser-lr-scale must be a positive number");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--hold-out-prompts", "1", "--work", work), "--hold-out-prompts must be a share");
        assertOneLineError(run("train-npnet", "--objective", "reward", "--validation-draws", "0", "--work", work), "--validation-draws must be from 1");
    }

    static void assertOneLineError(Run r, String mention) {
        assertEquals(2, r.code(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(mention), err);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("demo", "generate", "noise", "check", "evaluate", "train-base", "train-scorer", "bench", "inspect", "card", "score", "collect", "collect-ranks", "train-npnet", "train-ranker", "serve", "feedback", "serve-bench", "explain")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: goldennoise " + cmd), r.out());
        }
    }

    @Test
    void checkAndDemoRunOnATinyModel() throws IOException {
        Path out = dir.resolve("check");
        Run r = run("check", "--prompt-set", "single", "--per-category", "3", "--steps", "2", "--cfg", "1,3",
                "--model", tinyModel.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode rows = JSON.readTree(out.resolve("check.json").toFile()).get("rows");
        assertEquals(2, rows.size(), "one row per (steps, cfg)");
        assertEquals(3, rows.get(0).get("categories").get("single").get("total").asInt());
        Run trip = run("check", "--autoencoder-roundtrip", "--prompt-set", "pair", "--per-category", "2",
                "--model", tinyModel.toString());
        assertEquals(0, trip.code(), trip.err());
        Path demo = dir.resolve("demo");
        Run d = run("demo", "--steps", "2", "--seeds", "0-1", "--prompts-per-category", "1", "--model", tinyModel.toString(),
                "--noise", "redenoise", "--out", demo.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("redenoise / checker"), d.out());
        Map<String, String> grid = PngText.read(demo.resolve("side-by-side.png"));
        assertTrue(grid.get("goldennoise:noise").startsWith("standard,redenoise:"), grid.toString());
        assertEquals("0-1", grid.get("goldennoise:seed"));
        assertEquals(4, grid.get("goldennoise:prompt").lines().count(), "one prompt per row");
        assertTrue(Files.size(demo.resolve("report.html")) > 0);
    }

    @Test
    void seedListsParse() {
        assertEquals(List.of(0L, 1L, 2L, 3L), SeedList.parse("0-3"));
        assertEquals(List.of(3L, 5L, 10L, 11L), SeedList.parse("3,5,10-11"));
        assertArrayEquals(new Object[] {7L}, SeedList.parse(" 7 ").toArray());
    }
}
