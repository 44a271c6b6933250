package dev.goldennoise.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.cli.CliTest;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.npd.MarginFilter;
import dev.goldennoise.npd.NoisePair;
import dev.goldennoise.npd.NpdReader;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop closed on a tiny model: votes in the service, exported as NPD shards, read by train-npnet --init. */
class FeedbackExportTest {
    @Test
    void votesBecomePairsThatTrainNpnetFineTunesOn(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<Long, String> choiceBySeed = new HashMap<>();
        try (TinyService tiny = new TinyService().start(TinyService.settings(0, 4), data)) {
            List<String> prompts = List.of("a red circle", "two blue squares", "a green triangle above a red square", "a red circle");
            List<String> wanted = List.of("golden", "golden", "control", "same");
            for (int i = 0; i < prompts.size(); i++) {
                JsonNode c = tiny.post("/v1/compare", "{\"prompt\": \"" + prompts.get(i) + "\", \"seed\": " + (10 + i) + "}").json();
                boolean goldenFirst = new Experiment(0, 0.1).goldenFirst(c.get("id").asText());
                String choice = switch (wanted.get(i)) {
                    case "golden" -> goldenFirst ? "first" : "second";
                    case "control" -> goldenFirst ? "second" : "first";
                    default -> "same";
                };
                assertEquals(200, tiny.post("/v1/feedback", "{\"id\": \"" + c.get("id").asText() + "\", \"choice\": \"" + choice + "\"}").status());
                choiceBySeed.put(10L + i, wanted.get(i));
            }
            String single = tiny.post("/v1/images", "{\"prompt\": \"a red circle\"}").json().get("id").asText();
            tiny.post("/v1/feedback", "{\"id\": \"" + single + "\", \"choice\": \"up\"}");
            BuiltinModelFiles.save(tiny.built, dir.resolve("tiny.safetensors"));
            NpnetFiles.save(tiny.npnet, dir.resolve("npnet.safetensors"));
        }

        Path npd = dir.resolve("npd");
        CliTest.Run export = CliTest.run("feedback", "export", "--data", data.toString(), "--out", npd.toString(), "--shard-size", "3");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("wrote 4 pairs in 2 shards") && export.out().contains("1 votes on single images"), export.out());
        NpdReader.Result read = NpdReader.read(npd);
        assertTrue(read.problems().isEmpty(), read.problems().toString());
        assertEquals(4, read.pairs().size());
        for (NoisePair p : read.pairs()) {
            assertArrayEquals(Seeds.gaussian(p.seed(), p.source().length), p.source(), "the source is x_T of the seed");
            assertFalse(java.util.Arrays.equals(p.source(), p.golden()), "the target is the golden noise");
            double expected = switch (choiceBySeed.get(p.seed())) {
                case "golden" -> 1;
                case "control" -> 0;
                default -> 0.5;
            };
            assertEquals(expected, p.optimizedScore(), p.caption());
            assertEquals(1 - expected, p.originalScore(), p.caption());
        }
        assertEquals(2, MarginFilter.filterByMargin(read.pairs(), 0).size(), "the pairs where people preferred golden noise");

        CliTest.Run again = CliTest.run("feedback", "export", "--data", data.toString(), "--out", npd.toString());
        assertEquals(2, again.code(), "an earlier export is not replaced without --force");
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, CliTest.run("feedback", "export", "--data", data.toString(), "--out", npd.toString(), "--force").code());
        assertEquals(1, Files.list(npd).filter(p -> p.toString().endsWith(".npz")).count(), "one shard of 1024 now");

        // fine-tuning from the NPNet that served: 2 pairs pass the filter (one for validation)
        CliTest.Run train = CliTest.run("train-npnet", "--data", npd.toString(), "--init", dir.resolve("npnet.safetensors").toString(),
                "--model", dir.resolve("tiny.safetensors").toString(), "--epochs", "1", "--work", dir.resolve("work").toString(),
                "--out", dir.resolve("tuned.safetensors").toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("2 kept"), train.out());
        JsonNode card = TinyService.JSON.readTree(NpnetFiles.cardPath(dir.resolve("tuned.safetensors")).toFile());
        assertTrue(card.toString().contains("npnet.safetensors"), "the card names the weights it started from");
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var c = NpnetFiles.config(dir.resolve("tuned.safetensors"), m);
            try (var tuned = NpnetFiles.load(dir.resolve("tuned.safetensors"), c.channels(), c.height(), c.width(), c.textTokens(), c.textWidth(), m)) {
                assertEquals(0.8, tuned.params().get("alpha").getFloat(), 0.05, "one epoch at lr 1e-4 stays near the start, not a fresh network");
            }
        }
        CliTest.Run tinyInit = CliTest.run("train-npnet", "--data", npd.toString(), "--init", dir.resolve("npnet.safetensors").toString(),
                "--tiny", "--model", dir.resolve("tiny.safetensors").toString(), "--work", dir.resolve("work2").toString(),
                "--out", dir.resolve("t2.safetensors").toString());
        assertEquals(2, tinyInit.code());
        assertTrue(tinyInit.err().contains("--init"), tinyInit.err());
    }
}
