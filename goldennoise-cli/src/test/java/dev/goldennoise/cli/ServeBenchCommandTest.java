package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve-bench runs end to end on a tiny model; the figures themselves are a measurement, not checked here. */
class ServeBenchCommandTest {
    @Test
    void reportsThroughputLatencyErrorsAndTheOfflineRate(@TempDir Path dir) throws Exception {
        Path model = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
        CliTest.Run r = CliTest.run("serve-bench", "--model", model.toString(), "--noise", "standard", "--scorer-dir",
                dir.resolve("none").toString(), "--steps", "2", "--cfg", "3", "--batch", "4", "--clients", "3", "--seconds", "2",
                "--data", dir.resolve("data").toString(), "--out", dir.resolve("bench.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 clients for 2 s"), r.out());
        assertTrue(r.out().contains("(0 errors)") && r.out().contains("p99") && r.out().contains("offline: one batch of 4"), r.out());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertTrue(j.get("answered").asLong() > 0, j.toString());
        assertEquals(0, j.get("errors").asLong());
        assertTrue(j.get("latency_ms").get("p50").asDouble() <= j.get("latency_ms").get("p99").asDouble());
        assertTrue(j.get("offline_images_per_second").asDouble() > 0);

        CliTest.assertOneLineError(CliTest.run("serve-bench", "--model", model.toString(), "--noise", "standard",
                "--prompt", "a pink circle", "--seconds", "1"), "pink");
    }
}
