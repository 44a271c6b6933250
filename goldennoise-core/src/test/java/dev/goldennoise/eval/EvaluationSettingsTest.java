package dev.goldennoise.eval;

import dev.goldennoise.io.FileDigest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationSettingsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndNamesWhatDiffers() throws IOException {
        EvaluationSettings s = new EvaluationSettings("/m/a.safetensors", "abc", 20, 5.0, List.of("a red circle"), List.of(0L, 1L));
        Path file = dir.resolve(EvaluationSettings.FILE);
        s.write(file);
        assertEquals(s, EvaluationSettings.read(file));
        // the same weights moved elsewhere keep the cache
        assertEquals(List.of(), new EvaluationSettings("/elsewhere.safetensors", "abc", 20, 5.0, List.of("a red circle"),
                List.of(0L, 1L)).differencesFrom(s));
        List<String> diff = new EvaluationSettings("/m/a.safetensors", "abd", 2, 5.0, List.of("a red circle"), List.of(0L))
                .differencesFrom(s);
        assertEquals(3, diff.size(), diff.toString());
        assertTrue(diff.get(1).contains("steps (20 there, 2 now)"), diff.toString());
        EvaluationSettings torch = new EvaluationSettings("/m/a.safetensors", "abc", 20, 5.0, List.of("a red circle"),
                List.of(0L, 1L), "torch", "ddim");
        assertEquals(List.of("rng (java there, torch now)"), torch.differencesFrom(s), "other noises, other images");
        EvaluationSettings euler = new EvaluationSettings("/m/a.safetensors", "abc", 20, 5.0, List.of("a red circle"),
                List.of(0L, 1L), "java", "euler");
        assertEquals(List.of("sampler (ddim there, euler now)"), euler.differencesFrom(s), "another sampler, other images");
    }

    @Test
    void aSettingsFileFromBeforeRngExistedMeansJava() throws IOException {
        Path file = Files.writeString(dir.resolve(EvaluationSettings.FILE), "{\"model\": \"m\", \"model_sha256\": \"abc\","
                + " \"steps\": 20, \"cfg\": 5.0, \"seeds\": [0], \"prompts\": [\"a red circle\"]}");
        assertEquals("java", EvaluationSettings.read(file).rng());
        assertEquals("ddim", EvaluationSettings.read(file).sampler(), "and before --sampler existed, DDIM");
    }

    @Test
    void fileDigestIsSha256() throws IOException {
        Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileDigest.sha256(f));
    }
}
