package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.PngText;
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
import java.util.Map;
import java.util.stream.Stream;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provenance that generated PNGs carry, and {@code inspect}, on a tiny untrained model. */
class InspectCommandTest {
    @TempDir
    static Path dir;
    static Path tinyModel;
    static Path generated;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void generateWithATinyModel() throws IOException {
        tinyModel = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
        generated = dir.resolve("gen");
        CliTest.Run r = run("generate", "a red circle", "two blue squares", "--seeds", "3,5", "--steps", "2", "--cfg", "3",
                "--model", tinyModel.toString(), "--out", generated.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static List<JsonNode> manifest() throws IOException {
        return Files.readAllLines(generated.resolve(GenerateCommand.MANIFEST), StandardCharsets.UTF_8).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void everyGeneratedImageCarriesItsPromptSeedAndSettings() throws IOException {
        List<JsonNode> lines = manifest();
        assertEquals(4, lines.size());
        for (JsonNode line : lines) {
            Map<String, String> text = PngText.read(generated.resolve(line.get("image").asText()));
            assertEquals(line.get("prompt").asText(), text.get("goldennoise:prompt"));
            assertEquals(line.get("seed").asText(), text.get("goldennoise:seed"));
            assertEquals("standard", text.get("goldennoise:noise"));
            assertEquals("tiny", text.get("goldennoise:model"));
            assertEquals(dev.goldennoise.io.FileDigest.sha256(tinyModel), text.get("goldennoise:model_digest"));
            assertEquals("ddim", text.get("goldennoise:sampler"));
            assertEquals("2", text.get("goldennoise:steps"));
            assertEquals("3.0", text.get("goldennoise:cfg"));
            assertTrue(text.containsKey("goldennoise:commit"));
            assertTrue(text.get("parameters").startsWith(line.get("prompt").asText() + "\nSteps: 2, Sampler: DDIM, CFG scale: 3.0, Seed: "
                    + line.get("seed").asText() + ", Size: 64x64, Model hash: "), text.get("parameters"));
        }
    }

    @Test
    void inspectPrintsTheChunksAsLinesOrJson() throws IOException {
        Path image = generated.resolve(manifest().get(1).get("image").asText());
        CliTest.Run r = run("inspect", image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("goldennoise:prompt: a red circle\ngoldennoise:seed: 5\n"), r.out());
        assertTrue(r.out().contains("\nparameters: a red circle\n  Steps: 2, Sampler: DDIM"), r.out());

        CliTest.Run j = run("inspect", "--json", image.toString(), image.toString());
        assertEquals(0, j.code(), j.err());
        List<String> objects = j.out().lines().toList();
        assertEquals(2, objects.size(), "one JSON object per file");
        JsonNode first = JSON.readTree(objects.get(0));
        assertEquals(image.toString(), first.get("file").asText());
        assertEquals("5", first.get("text").get("goldennoise:seed").asText());
    }

    @Test
    void anImageWithoutChunksSaysSo() throws IOException {
        Path plain = dir.resolve("plain.png");
        Renderer.render(PromptParser.parse("a red circle"), 1).writePng(plain);
        CliTest.Run r = run("inspect", plain.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(plain + ": no goldennoise text chunks (an image from before provenance was written, or from another program)",
                r.out().strip());
    }

    @Test
    void missingAndNonPngFilesAreUserErrors() throws IOException {
        assertOneLineError(run("inspect", dir.resolve("missing.png").toString()), "missing.png not found");
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertOneLineError(run("inspect", text.toString()), "notes.png is not a PNG file");
    }

    @Test
    void scoreReadsImagesThatCarryChunks() throws IOException {
        Path scored = dir.resolve("scored.jsonl");
        CliTest.Run r = run("score", generated.resolve(GenerateCommand.MANIFEST).toString(), "--scorers", "checker,checker-partial",
                "--out", scored.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(scored);
        assertEquals(4, lines.size());
        assertTrue(JSON.readTree(lines.get(0)).has("checker-partial"), lines.get(0));
    }

    @Test
    void evaluateImagesCarryTheirStrategy() throws IOException {
        Path out = dir.resolve("eval");
        CliTest.Run r = run("evaluate", "a green triangle", "--seeds", "7", "--noise", "standard,redenoise", "--steps", "2",
                "--model", tinyModel.toString(), "--out", out.toString(), "--scorers", dir.resolve("no-scorers").toString());
        assertEquals(0, r.code(), r.err());
        List<Path> images;
        try (Stream<Path> files = Files.walk(out.resolve("images"))) {
            images = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(2, images.size(), images.toString());
        for (Path image : images) {
            Map<String, String> text = PngText.read(image);
            assertEquals("a green triangle", text.get("goldennoise:prompt"));
            assertEquals("7", text.get("goldennoise:seed"));
            // the folder has the label as given, the chunk the strategy's full spec
            String label = image.getParent().getFileName().toString().replaceAll("-[0-9a-f]{12}$", "");
            String noise = text.get("goldennoise:noise");
            assertTrue(noise.equals(label) || noise.startsWith(label + ":"), image + " " + text);
        }
    }
}
