package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reliability audit's failures, each as the command that used to go wrong. */
class ReliabilityTest {
    @TempDir
    static Path dir;
    static Path tinyModel;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void tinyModel() throws IOException {
        tinyModel = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 5)) {
            BuiltinModelFiles.save(model, tinyModel);
        }
    }

    private static void assertUserError(CliTest.Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void trainersNeverReplaceShippedWeightsUnlessForced() throws IOException {
        String home = System.getProperty("goldennoise.home");
        Path fakeHome = dir.resolve("home");
        Path shipped = fakeHome.resolve("models/scorer/preference.safetensors");
        Files.createDirectories(shipped.getParent());
        Files.writeString(shipped, "the shipped scorer");
        System.setProperty("goldennoise.home", fakeHome.toString());
        try {
            CliTest.Run r = CliTest.run("train-scorer", "--tiny", "--steps", "1", "--batch", "2", "--validate-every", "0",
                    "--work", dir.resolve("ts-work").toString(), "--out", shipped.getParent().toString());
            assertUserError(r, "--force");
            assertEquals("the shipped scorer", Files.readString(shipped));
            Path npnet = fakeHome.resolve("models/npnet/npnet.safetensors");
            Files.createDirectories(npnet.getParent());
            Files.writeString(npnet, "the shipped npnet");
            r = CliTest.run("train-npnet", "--tiny", "--data", dir.resolve("no-data").toString(), "--out", npnet.toString());
            assertUserError(r, "--force");
            Path base = fakeHome.resolve("models/builtin/base.safetensors");
            Files.createDirectories(base.getParent());
            Files.writeString(base, "the shipped model");
            r = CliTest.run("train-base", "--tiny", "--ae-steps", "1", "--unet-steps", "1", "--batch", "2", "--cache", "2",
                    "--work", dir.resolve("tb-work").toString(), "--out", base.getParent().toString());
            assertUserError(r, "--force");
            assertEquals("the shipped model", Files.readString(base));
        } finally {
            if (home == null) {
                System.clearProperty("goldennoise.home");
            } else {
                System.setProperty("goldennoise.home", home);
            }
        }
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        for (String v : List.of("NaN", "Infinity", "-Infinity", "1e400")) {
            CliTest.Run r = CliTest.run("generate", "a red circle", "--cfg", v, "--steps", "2", "--model", tinyModel.toString(),
                    "--out", dir.resolve("nan").toString());
            assertEquals(2, r.code(), v + ": " + r.err());
            assertTrue(r.err().contains("not a finite number"), v + ": " + r.err());
        }
        CliTest.Run r = CliTest.run("train-scorer", "--tiny", "--lr", "NaN", "--work", dir.resolve("lr-nan").toString(),
                "--out", dir.resolve("lr-nan").toString());
        assertEquals(2, r.code(), r.err());
        r = CliTest.run("generate", "a red circle", "--noise", "npnet:strength=NaN", "--steps", "2", "--model", tinyModel.toString(),
                "--out", dir.resolve("nan").toString());
        assertUserError(r, "finite");
        assertFalse(Files.exists(dir.resolve("nan/manifest.jsonl")));
    }

    @Test
    void aDivergingTrainingRunStopsWithItsStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path work = dir.resolve("diverge");
        CliTest.Run r = CliTest.run("train-scorer", "--tiny", "--steps", "60", "--batch", "2", "--negatives", "1", "--lr", "1e30",
                "--validate-every", "0", "--work", work.toString(), "--out", work.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("the loss at step"), r.err());
        assertFalse(Files.exists(work.resolve("preference.safetensors")), "no weights written from a diverged run");
        Path ckpt = work.resolve("preference.ckpt.safetensors");
        if (Files.exists(ckpt)) {
            // what is on disk is the last good state: it loads, so it holds no NaN (the reader refuses those)
            try (NDManager m = NDManager.newBaseManager()) {
                dev.goldennoise.tensor.Safetensors.read(ckpt, m);
            }
        }
    }

    @Test
    void sizesAreBoundedBeforeAnythingIsAllocated() {
        assertUserError(CliTest.run("generate", "a red circle", "--seeds", "0-9223372036854775807", "--model", tinyModel.toString(),
                "--out", dir.resolve("big").toString()), "more than 1000000 seeds");
        assertUserError(CliTest.run("generate", "a red circle", "--seeds", "-9223372036854775808-9223372036854775807",
                "--model", tinyModel.toString(), "--out", dir.resolve("big").toString()), "more than 1000000 seeds");
        assertUserError(CliTest.run("generate", "a red circle", "--noise", "best-of-100000", "--model", tinyModel.toString(),
                "--out", dir.resolve("big").toString()), "best-of-N needs N from 1 to 256");
        assertUserError(CliTest.run("collect", "--count", "99999999999", "--model", tinyModel.toString(),
                "--out", dir.resolve("big-npd").toString()), "--count must be from 1 to 10000000");
        assertUserError(CliTest.run("demo", "--prompts-per-category", "1000000", "--model", tinyModel.toString(),
                "--out", dir.resolve("big-demo").toString()), "from 1 to 10000");
        assertUserError(CliTest.run("bench", "--repeats", "0"), "--repeats");
        assertUserError(CliTest.run("bench", "--train-batch", "-1"), "--train-batch");
    }

    @Test
    void aFailedEvaluateDoesNotLockItsFolder() throws IOException {
        Path out = dir.resolve("locked");
        CliTest.Run bad = CliTest.run("evaluate", "a red circle", "--noise", "standard", "--seeds", "0", "--steps", "0", "--model", tinyModel.toString(),
                "--out", out.toString(), "--scorers", dir.resolve("none").toString());
        assertEquals(2, bad.code(), bad.err());
        CliTest.Run good = CliTest.run("evaluate", "a red circle", "--noise", "standard", "--seeds", "0", "--steps", "2", "--model", tinyModel.toString(),
                "--out", out.toString(), "--scorers", dir.resolve("none").toString());
        assertEquals(0, good.code(), good.err());
    }

    @Test
    void generateAddsToItsManifestAndNeverOverwritesAnotherSettingsImage() throws IOException {
        Path out = dir.resolve("gen-twice");
        for (String cfg : List.of("3", "5", "3")) {
            CliTest.Run r = CliTest.run("generate", "a red circle", "--seeds", "0-1", "--steps", "2", "--cfg", cfg,
                    "--model", tinyModel.toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
        }
        List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"), StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), "two settings × two seeds; the repeated run replaced its own lines: " + lines);
        try (Stream<Path> pngs = Files.list(out).filter(p -> p.toString().endsWith(".png"))) {
            assertEquals(4, pngs.count());
        }
        for (String line : lines) {
            assertTrue(Files.exists(out.resolve(JSON.readTree(line).get("image").asText())), line);
        }
    }

    @Test
    void trainersRefuseToResumeWithOtherSettings() throws IOException {
        Path work = dir.resolve("resume-scorer");
        String[] first = {"train-scorer", "--tiny", "--steps", "2", "--batch", "2", "--negatives", "1", "--validate-every", "0",
                "--work", work.toString(), "--out", work.toString()};
        assertEquals(0, CliTest.run(first).code());
        String[] otherLr = {"train-scorer", "--tiny", "--steps", "3", "--batch", "2", "--negatives", "1", "--validate-every", "0",
                "--lr", "5e-4", "--work", work.toString(), "--out", work.toString()};
        assertUserError(CliTest.run(otherLr), "lr 0.001 → 5.0E-4");
        String[] longer = {"train-scorer", "--tiny", "--steps", "3", "--batch", "2", "--negatives", "1", "--validate-every", "0",
                "--work", work.toString(), "--out", work.toString()};
        assertEquals(0, CliTest.run(longer).code(), "more steps extend the run");

        Path base = dir.resolve("resume-base");
        String[] b1 = {"train-base", "--tiny", "--ae-steps", "2", "--unet-steps", "1", "--batch", "2", "--cache", "4",
                "--work", base.toString(), "--out", base.toString()};
        assertEquals(0, CliTest.run(b1).code());
        String[] b2 = {"train-base", "--tiny", "--ae-steps", "2", "--unet-steps", "2", "--batch", "2", "--cache", "4",
                "--seed", "7", "--work", base.toString(), "--out", base.toString()};
        assertUserError(CliTest.run(b2), "seed 0 → 7");
    }

    @Test
    void promptFilesAreReadAsPeopleWriteThem() throws IOException {
        Path file = dir.resolve("prompts-bom.txt");
        Files.write(file, ("\uFEFFa red\u00a0circle\r\n# a comment\n\ntwo blue squares\n").getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("bom");
        CliTest.Run r = CliTest.run("generate", "--prompts-file", file.toString(), "--steps", "2", "--model", tinyModel.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, Files.readAllLines(out.resolve("manifest.jsonl")).size());

        Path bad = dir.resolve("prompts-bad.txt");
        Files.writeString(bad, "a red circle\n\na golden circle\n");
        assertUserError(CliTest.run("generate", "--prompts-file", bad.toString(), "--model", tinyModel.toString(),
                "--out", out.toString()), "line 3: unknown word 'golden'");

        Path latin1 = dir.resolve("prompts-latin1.txt");
        Files.write(latin1, new byte[] {'a', ' ', 'r', 'e', 'd', '\n', 'c', (byte) 0xe9, '\n'});
        assertUserError(CliTest.run("generate", "--prompts-file", latin1.toString(), "--model", tinyModel.toString(),
                "--out", out.toString()), "line 2 is not UTF-8");

        CliTest.Run esc = CliTest.run("generate", "a red \u001b[2Jcircle", "--model", tinyModel.toString(), "--out", out.toString());
        assertEquals(2, esc.code());
        assertFalse(esc.err().contains("\u001b"), "no raw escape byte echoed: " + esc.err());
        assertTrue(esc.err().contains("\\u001b"), esc.err());
    }

    @Test
    void damagedWeightFilesAreNamed() throws IOException {
        byte[] good = Files.readAllBytes(tinyModel);
        Path nan = dir.resolve("nan.safetensors");
        byte[] bad = good.clone();
        // the last four bytes are the last float of the last tensor: make it a NaN
        bad[bad.length - 4] = 0;
        bad[bad.length - 3] = 0;
        bad[bad.length - 2] = (byte) 0xc0;
        bad[bad.length - 1] = 0x7f;
        Files.write(nan, bad);
        CliTest.Run r = CliTest.run("generate", "a red circle", "--steps", "2", "--model", nan.toString(), "--out", dir.resolve("nanw").toString());
        assertUserError(r, nan.toString());
        assertTrue(r.err().contains("NaN"), r.err());
        assertArrayEquals(good, Files.readAllBytes(tinyModel));
    }
}
