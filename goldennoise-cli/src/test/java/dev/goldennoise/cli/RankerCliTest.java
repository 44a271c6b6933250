package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.npd.CandidateGroup;
import dev.goldennoise.npd.RankShards;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** collect-ranks, train-ranker and --noise rank end to end on a tiny model and scorer. */
class RankerCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path scorers;
    static Path tinyModel;

    @BeforeAll
    static void tinyModelAndScorer() throws IOException {
        tinyModel = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 3)) {
            BuiltinModelFiles.save(model, tinyModel);
        }
        scorers = dir.resolve("scorers");
        try (NDManager m = NDManager.newBaseManager(); PreferenceModel model = new PreferenceModel(PreferenceModelConfig.tiny(), m, 3)) {
            PreferenceModelFiles.save(model, "preference", scorers.resolve("preference.safetensors"));
        }
    }

    private static CliTest.Run collect(Path out, String... extra) {
        return collectOf(out, "3", extra);
    }

    private static CliTest.Run collectOf(Path out, String candidates, String... extra) {
        String[] base = {"collect-ranks", "--count", "6", "--shard-size", "3", "--candidates", candidates, "--steps", "2", "--cfg", "3",
                "--model", tinyModel.toString(), "--scorers", scorers.toString(), "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void collectsTrainsAndRanks() throws IOException {
        Path out = dir.resolve("ranks");
        CliTest.Run first = collect(out);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("collected 6 groups (18 images)"), first.out());
        List<CandidateGroup> groups = RankShards.read(out);
        assertEquals(6, groups.size());
        for (CandidateGroup g : groups) {
            assertEquals(3, g.size());
        }
        CliTest.Run again = collect(out);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 of this machine's shards to do"), again.out());
        assertOneLineError(collect(out, "--seed", "2"), "seed (1 there, 2 now)");
        assertOneLineError(collectOf(out, "4"), "target (candidates:n=3 there, candidates:n=4 now)");

        Path work = dir.resolve("ranker-work");
        Path weights = dir.resolve("ranker").resolve("ranker.safetensors");
        CliTest.Run trained = run("train-ranker", "--data", out.toString(), "--model", tinyModel.toString(), "--epochs", "2",
                "--batch", "2", "--width", "8", "--blocks", "1", "--work", work.toString(), "--out", weights.toString());
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.out().contains("trained on 5 groups (1 held out)"), trained.out());
        JsonNode card = JSON.readTree(dir.resolve("ranker").resolve("ranker.card.json").toFile());
        assertEquals("noise ranker", card.get("model").asText());
        assertEquals(3, card.get("candidates_per_group").asInt());
        assertEquals(2, card.get("history").size());
        assertTrue(card.get("kept_epoch").asInt() >= 1);
        assertOneLineError(run("train-ranker", "--data", out.toString(), "--model", tinyModel.toString(), "--epochs", "2",
                "--batch", "3", "--width", "8", "--blocks", "1", "--work", work.toString(), "--out", weights.toString()), "batch 2 → 3");

        Path gen = dir.resolve("gen");
        CliTest.Run r = run("generate", "a red circle", "--seeds", "3,5", "--steps", "2", "--cfg", "3", "--model", tinyModel.toString(),
                "--noise", "rank:n=3:file=" + weights, "--out", gen.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(gen.resolve("manifest.jsonl")).contains("rank:n=3:file="), "the manifest names the strategy");
    }

    @Test
    void refusesWhatItCannotUse() throws IOException {
        Path npd = dir.resolve("npd");
        assertEquals(0, run("collect", "--count", "2", "--shard-size", "2", "--steps", "2", "--cfg", "3", "--batch", "2",
                "--model", tinyModel.toString(), "--scorers", scorers.toString(), "--out", npd.toString()).code());
        assertOneLineError(run("train-ranker", "--data", npd.toString(), "--model", tinyModel.toString()), "not candidate groups");
        assertOneLineError(run("train-ranker", "--data", dir.resolve("nothing").toString(), "--model", tinyModel.toString()), "collect-ranks");
        assertOneLineError(collectOf(dir.resolve("one"), "1"), "--candidates must be from 2");
        assertOneLineError(run("generate", "a red circle", "--model", tinyModel.toString(), "--noise", "rank:file=" + dir.resolve("none"),
                "--out", dir.resolve("g2").toString()), "train-ranker");
        assertFalse(Files.exists(dir.resolve("one").resolve("ranks-00000.jsonl")));
    }
}
