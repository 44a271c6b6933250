package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainBaseTest {
    @TempDir
    Path dir;

    @Test
    void tinyTrainingRunsResumesAndWritesWeightsAndCard() throws IOException {
        Path work = dir.resolve("work");
        Path out = dir.resolve("out");
        String[] first = {"train-base", "--tiny", "--ae-steps", "3", "--unet-steps", "2", "--batch", "4", "--cache", "8",
                "--work", work.toString(), "--out", out.toString()};
        assertEquals(0, CliTest.run(first).code());
        assertTrue(Files.exists(out.resolve("base.safetensors")));
        JsonNode card = new ObjectMapper().readTree(out.resolve("base.card.json").toFile());
        assertEquals(2, card.get("training").get("unet_steps").asInt());
        assertTrue(card.get("latent_scale").asDouble() > 0);
        assertTrue(Double.isFinite(card.get("final_loss").asDouble()));
        assertTrue(card.has("commit") && card.has("time_seconds") && card.has("config"));
        assertTrue(card.get("use").get("intended_use").asText().contains("shapes world"), card.get("use").toString());
        assertEquals(card.get("final_loss").asDouble(), card.get("use").get("evaluation").get("final_loss").asDouble());
        // a longer rerun continues from the checkpoint of the first instead of starting over
        String[] more = first.clone();
        more[5] = "4";
        var aeTime = Files.getLastModifiedTime(work.resolve("autoencoder.safetensors"));
        CliTest.Run r = CliTest.run(more);
        assertEquals(aeTime, Files.getLastModifiedTime(work.resolve("autoencoder.safetensors")), "the finished autoencoder is reused");
        assertEquals(0, r.code(), r.err());
        assertEquals(4, new ObjectMapper().readTree(out.resolve("base.card.json").toFile()).get("training").get("unet_steps").asInt());
        // the generated model loads and runs through generate
        CliTest.Run g = CliTest.run("generate", "a red circle", "--steps", "2", "--model", out.resolve("base.safetensors").toString(),
                "--out", dir.resolve("gen").toString());
        assertEquals(0, g.code(), g.err());
    }
}
