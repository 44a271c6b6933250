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

    @Test
    void fineTuningOnAWorldVariantKeepsTheParentsAutoencoderAndRecordsTheParent() throws IOException {
        Path parent = dir.resolve("parent");
        assertEquals(0, CliTest.run("train-base", "--tiny", "--ae-steps", "2", "--unet-steps", "2", "--batch", "4", "--cache", "8",
                "--work", dir.resolve("w1").toString(), "--out", parent.toString()).code());
        Path child = dir.resolve("child");
        CliTest.Run r = CliTest.run("train-base", "--tiny", "--ae-steps", "0", "--unet-steps", "2", "--batch", "4", "--cache", "8",
                "--world", "corner", "--init", parent.resolve("base.safetensors").toString(),
                "--work", dir.resolve("w2").toString(), "--out", child.toString());
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode p = json.readTree(parent.resolve("base.card.json").toFile());
        JsonNode c = json.readTree(child.resolve("base.card.json").toFile());
        assertEquals("corner", c.get("data").get("world").asText());
        assertEquals(parent.resolve("base.safetensors").toString(), c.get("parent").get("weights").asText());
        assertEquals(p.get("latent_scale").asDouble(), c.get("latent_scale").asDouble(), "the parent's latent scale is kept");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var a = dev.goldennoise.tensor.Safetensors.read(parent.resolve("base.safetensors"), m).tensors();
            var b = dev.goldennoise.tensor.Safetensors.read(child.resolve("base.safetensors"), m).tensors();
            int autoencoder = 0;
            for (String name : a.keySet()) {
                if (name.startsWith("ae.")) {
                    autoencoder++;
                    assertTrue(a.get(name).contentEquals(b.get(name)), name + " changed though --ae-steps was 0");
                }
            }
            assertTrue(autoencoder > 0, "the weights hold the autoencoder under ae.");
            assertTrue(a.keySet().stream().filter(n -> n.startsWith("unet.")).anyMatch(n -> !a.get(n).contentEquals(b.get(n))),
                    "the UNet was fine-tuned");
        }
        // a parent of another configuration is named in one line
        CliTest.Run wrong = CliTest.run("train-base", "--ae-steps", "0", "--unet-steps", "2", "--batch", "4", "--cache", "8",
                "--init", parent.resolve("base.safetensors").toString(), "--work", dir.resolve("w3").toString(),
                "--out", dir.resolve("wrong").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("another configuration"), wrong.err());
        assertEquals(2, CliTest.run("train-base", "--tiny", "--world", "upside-down", "--work", dir.resolve("w4").toString(),
                "--out", dir.resolve("w4o").toString()).code());
    }
}
