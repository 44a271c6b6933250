package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.model.onnx.OnnxModelTest;
import dev.goldennoise.model.onnx.TinyOnnxAccess;
import dev.goldennoise.tensor.Npy;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.TorchRandn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxCliTest {
    @Test
    void generateRunsOnAnExportedFolderWithGoldenNoise(@TempDir Path dir) throws IOException {
        Path export = OnnxModelTest.export(Files.createDirectories(dir.resolve("sd15")), false, "sample");
        Path out = dir.resolve("gen");
        CliTest.Run r = run("generate", "a photo of a cat", "--seeds", "1,2", "--steps", "2", "--cfg", "3", "--noise", "redenoise",
                "--model", export.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"));
        assertEquals(2, lines.size());
        assertEquals("onnx:sd15", new ObjectMapper().readTree(lines.get(0)).get("model").asText());

        Path notExport = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(run("generate", "a cat", "--model", notExport.toString(), "--out", out.toString()), "model_index.json");
        assertOneLineError(run("generate", "a cat", "--model", export.toString(), "--device", "tpu", "--out", out.toString()), "tpu");
    }

    /** Seed N on an export is seed N in diffusers without asking: torch is the default generator there. */
    @Test
    void anExportDrawsItsNoiseAsTorchDoes(@TempDir Path dir) throws IOException {
        Path export = OnnxModelTest.export(Files.createDirectories(dir.resolve("sd15")), false, "sample");
        Path out = dir.resolve("noise");
        CliTest.Run r = run("noise", "a photo of a cat", "--seeds", "7", "--noise", "standard", "--model", export.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("noise.jsonl")).get(0));
        assertEquals("torch", line.get("rng").asText());
        NpyArray xT = Npy.read(out.resolve(line.get("x_T").asText()));
        assertEquals(1, xT.shape()[0]);
        assertArrayEquals(TorchRandn.float32(7, xT.size()), xT.asFloats());
        assertArrayEquals(xT.asFloats(), Npy.read(out.resolve(line.get("golden").asText())).asFloats(), "standard keeps x_T");
    }

    @Test
    void collectWithAnExternalScorerThenTrainNpnetOnAnExport(@TempDir Path dir) throws IOException {
        Path export = OnnxModelTest.export(Files.createDirectories(dir.resolve("sd15")), false, "sample");
        Path scorer = Files.createDirectories(dir.resolve("clip"));
        TinyOnnxAccess.clipScorerFolder(scorer, false);
        Path prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "a cat\na cat a cat\n");
        Path npd = dir.resolve("npd");
        CliTest.Run c = run("collect", "--model", export.toString(), "--external-scorer", scorer.toString(), "--prompts-file", prompts.toString(),
                "--count", "8", "--shard-size", "4", "--steps", "2", "--cfg", "3", "--batch", "4", "--out", npd.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals(8, dev.goldennoise.npd.NpdReader.read(npd).pairs().size());
        CliTest.Run t = run("train-npnet", "--model", export.toString(), "--data", npd.toString(), "--no-filter", "--tiny", "--epochs", "1",
                "--work", dir.resolve("work").toString(), "--out", dir.resolve("npnet.safetensors").toString());
        assertEquals(0, t.code(), t.err());
        // the reward objective differentiates through the model, which an export cannot be
        assertOneLineError(run("train-npnet", "--objective", "reward", "--model", export.toString(), "--steps", "1",
                "--work", dir.resolve("rwork").toString(), "--out", dir.resolve("r.safetensors").toString()), "built-in model");
        assertOneLineError(run("train-npnet", "--objective", "ranking"), "use mse or reward");
        assertOneLineError(run("train-npnet", "--denoiser", "--model", export.toString(), "--data", npd.toString(), "--no-filter",
                "--work", dir.resolve("dwork").toString(), "--out", dir.resolve("d.safetensors").toString()), "has none to copy");
        CliTest.Run g = run("generate", "a cat", "--model", export.toString(), "--noise", "npnet:" + dir.resolve("npnet.safetensors"),
                "--steps", "2", "--out", dir.resolve("gen").toString());
        assertEquals(0, g.code(), g.err());
    }

    @Test
    void evaluateTakesFreeTextOnAnExportAndJudgesItWithTheExternalScorerAlone(@TempDir Path dir) throws IOException {
        Path export = OnnxModelTest.export(Files.createDirectories(dir.resolve("sd15")), false, "sample");
        Path scorer = Files.createDirectories(dir.resolve("pickscore-tiny"));
        TinyOnnxAccess.clipJointFolder(scorer, true);
        Path prompts = dir.resolve("prompts.csv");
        Files.writeString(prompts, "prompt,source\na cat a cat,mine\n\"a cat\",\"mine, too\"\n");
        Path out = dir.resolve("eval");
        CliTest.Run r = run("evaluate", "--prompts-file", prompts.toString(), "--seeds", "0-1", "--noise", "standard,redenoise",
                "--steps", "2", "--cfg", "3", "--model", export.toString(), "--external-scorer", scorer.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        List<String> scorers = new java.util.ArrayList<>();
        results.get("settings").get("scorers").forEach(s -> scorers.add(s.get("name").asText()));
        assertEquals(List.of("pickscore-tiny"), scorers, "no shapes checker or shapes scorer on an export");
        JsonNode item = results.get("items").get(0);
        assertEquals("a cat a cat", item.get("prompt").asText());
        assertEquals(4, results.get("items").size());
        JsonNode standard = item.get("strategies").get("standard");
        assertTrue(standard.get("scores").get("pickscore-tiny").isNumber());
        assertTrue(!standard.has("checker_correct"), standard.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("pickscore-tiny"));

        assertOneLineError(run("evaluate", "a photo of a cat", "--noise", "standard,redenoise", "--model", export.toString(),
                "--out", dir.resolve("e2").toString()), "--external-scorer");
        assertOneLineError(run("check", "--model", export.toString()), "evaluate with --prompts-file");
        assertOneLineError(run("demo", "--model", export.toString(), "--out", dir.resolve("demo").toString()), "evaluate with --prompts-file");
        assertOneLineError(run("evaluate", "--prompt-set", "standard", "--noise", "standard,redenoise", "--model", export.toString(),
                "--external-scorer", scorer.toString(), "--out", dir.resolve("e3").toString()), "your own prompts");
    }
}
