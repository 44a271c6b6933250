package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.LatentNpy;
import dev.goldennoise.io.PngText;
import dev.goldennoise.tensor.Npy;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.TorchRandn;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Latents in and out: generate --save-noise and --noise-file, the noise command, and --rng. */
class LatentFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long[] LATENT = {4, 16, 16}; // the tiny configuration's

    @TempDir
    static Path dir;
    static Path tinyModel;

    @BeforeAll
    static void tinyModel() throws IOException {
        tinyModel = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
    }

    private static CliTest.Run generate(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "a red circle", "--steps", "2", "--cfg", "3",
                "--batch", "1", "--model", tinyModel.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static List<JsonNode> manifest(Path file) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void savedNoiseIsTorchsNoiseOfTheSeedAndStartingFromItGivesTheSameImage() throws IOException {
        Path a = dir.resolve("saved");
        CliTest.Run r = generate(a, "--seeds", "3,4", "--rng", "torch", "--save-noise");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = manifest(a.resolve("manifest.jsonl"));
        assertEquals(2, lines.size());
        JsonNode seed3 = lines.get(0);
        assertEquals("torch", seed3.get("rng").asText());
        Path xT = a.resolve(seed3.get("x_T").asText());
        NpyArray saved = Npy.read(xT);
        assertEquals("<f4", saved.dtype());
        assertArrayEquals(new long[] {1, 4, 16, 16}, saved.shape(), "(1, C, H, W), as pipe(latents=...) takes it");
        assertArrayEquals(TorchRandn.float32(3, 1024), saved.asFloats(), "x_T of seed 3 is torch.randn's");
        // standard noise starts sampling from x_T itself
        assertArrayEquals(saved.asFloats(), LatentNpy.read(a.resolve(seed3.get("golden").asText()), LATENT));
        assertFalse(Arrays.equals(saved.asFloats(), LatentNpy.read(a.resolve(lines.get(1).get("x_T").asText()), LATENT)));

        Path b = dir.resolve("from-file");
        CliTest.Run again = generate(b, "--noise-file", xT.toString());
        assertEquals(0, again.code(), again.err());
        JsonNode line = manifest(b.resolve("manifest.jsonl")).get(0);
        assertTrue(line.get("seed").isNull(), "a latent from a file has no seed: " + line);
        assertEquals(xT.toString(), line.get("noise_file").asText());
        assertTrue(line.get("image").asText().contains("-file-"), line.toString());
        RgbImage original = RgbImage.read(a.resolve(seed3.get("image").asText()));
        RgbImage fromFile = RgbImage.read(b.resolve(line.get("image").asText()));
        for (int y = 0; y < original.height(); y++) {
            for (int x = 0; x < original.width(); x++) {
                assertEquals(original.r(x, y), fromFile.r(x, y));
                assertEquals(original.g(x, y), fromFile.g(x, y));
                assertEquals(original.b(x, y), fromFile.b(x, y));
            }
        }
        var text = PngText.read(b.resolve(line.get("image").asText()));
        assertEquals("none", text.get("goldennoise:seed"));
        assertTrue(text.get("goldennoise:rng").startsWith("file sha256:"), text.toString());
        assertEquals("torch", PngText.read(a.resolve(seed3.get("image").asText())).get("goldennoise:rng"));
    }

    @Test
    void theGeneratorDecidesTheImageAndJavaStaysTheBuiltInDefault() throws IOException {
        Path java = dir.resolve("java");
        Path torch = dir.resolve("torch");
        assertEquals(0, generate(java, "--seeds", "5", "--save-noise").code());
        assertEquals(0, generate(torch, "--seeds", "5", "--save-noise", "--rng", "torch").code());
        JsonNode j = manifest(java.resolve("manifest.jsonl")).get(0);
        JsonNode t = manifest(torch.resolve("manifest.jsonl")).get(0);
        assertEquals("java", j.get("rng").asText());
        assertArrayEquals(dev.goldennoise.tensor.Seeds.gaussian(5, 1024), LatentNpy.read(java.resolve(j.get("x_T").asText()), LATENT));
        assertFalse(j.get("image").asText().equals(t.get("image").asText()), "other noise, other image name");
    }

    @Test
    void theNoiseCommandWritesXtAndGoldenNoiseWithoutSampling() throws IOException {
        Path out = dir.resolve("noise");
        CliTest.Run r = run("noise", "a red circle", "two blue squares", "--seeds", "0-1", "--noise", "redenoise",
                "--rng", "torch", "--steps", "2", "--model", tinyModel.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = manifest(out.resolve("noise.jsonl"));
        assertEquals(4, lines.size());
        try (var files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".png")), "no image is sampled");
        }
        JsonNode second = lines.get(1);
        assertEquals("a red circle", second.get("prompt").asText());
        assertEquals(1, second.get("seed").asLong());
        assertTrue(second.get("noise").asText().startsWith("redenoise"), second.toString());
        float[] xT = LatentNpy.read(out.resolve(second.get("x_T").asText()), LATENT);
        NpyArray golden = Npy.read(out.resolve(second.get("golden").asText()));
        assertArrayEquals(new long[] {1, 4, 16, 16}, golden.shape());
        assertArrayEquals(TorchRandn.float32(1, 1024), xT);
        assertFalse(Arrays.equals(xT, golden.asFloats()), "re-denoising moves the noise");
        // the same prompt and seed give the same golden noise, whatever else is in the run
        Path alone = dir.resolve("noise-alone");
        assertEquals(0, run("noise", "a red circle", "--seeds", "1", "--noise", "redenoise", "--rng", "torch", "--steps", "2",
                "--model", tinyModel.toString(), "--out", alone.toString()).code());
        JsonNode one = manifest(alone.resolve("noise.jsonl")).get(0);
        assertArrayEquals(golden.asFloats(), LatentNpy.read(alone.resolve(one.get("golden").asText()), LATENT), 1e-5f);
    }

    @Test
    void badLatentsAndSettingsAreOneLineErrors() throws IOException {
        Path out = dir.resolve("bad");
        Path nan = dir.resolve("nan.npy");
        float[] values = TorchRandn.float32(1, 1024);
        values[17] = Float.NaN;
        Npy.write(nan, NpyArray.ofFloats(new long[] {1, 4, 16, 16}, values));
        assertOneLineError(generate(out, "--noise-file", nan.toString()), "not a finite number");
        Path small = dir.resolve("small.npy");
        LatentNpy.write(small, new long[] {4, 4, 4}, new float[64]);
        assertOneLineError(generate(out, "--noise-file", small.toString()), "(1, 4, 16, 16)");
        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, NpyArray.ofLongs(new long[] {4, 16, 16}, new long[1024]));
        assertOneLineError(generate(out, "--noise-file", ints.toString()), "<i8");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy");
        assertOneLineError(generate(out, "--noise-file", text.toString()), "--noise-file");
        assertOneLineError(generate(out, "--noise-file", dir.resolve("missing.npy").toString()), "not found");
        assertOneLineError(generate(out, "--noise-file", small.toString(), "--seeds", "2"), "--seeds");
        assertOneLineError(generate(out, "--rng", "numpy"), "java, torch or torch-fp16");
        assertOneLineError(run("noise", "a red circle", "--rng", "cuda", "--model", tinyModel.toString(), "--out", out.toString()),
                "--rng");
    }
}
