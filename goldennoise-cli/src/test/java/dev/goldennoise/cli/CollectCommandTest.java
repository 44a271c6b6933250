package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.npd.NpdReader;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;
import dev.goldennoise.tensor.TorchRandn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectCommandTest {
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
        String[] base = {"collect", "--count", "6", "--shard-size", "3", "--steps", "2", "--cfg", "3", "--batch", "2",
                "--model", tinyModel.toString(), "--scorers", scorers.toString(), "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void collectsResumesAndRefusesOtherSettings() throws IOException {
        Path out = dir.resolve("npd");
        CliTest.Run first = collect(out);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("collected 6 pairs in 2 shards"), first.out());
        assertEquals(6, NpdReader.read(out).pairs().size());

        CliTest.Run again = collect(out);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 of this machine's shards to do"), again.out());

        assertOneLineError(collect(out, "--seed", "2"), "seed (1 there, 2 now)");
        assertOneLineError(collect(out, "--redenoise", "redenoise:wl=9"), "target (redenoise:wl=5.5");
    }

    @Test
    void anyStrategyCanBeTheTeacher() throws IOException {
        Path out = dir.resolve("npd-search");
        CliTest.Run r = collect(out, "--target", "search:k=2:lambda=0.5");
        assertEquals(0, r.code(), r.err());
        String settings = Files.readString(out.resolve("collection.json"));
        assertTrue(settings.contains("search:k=2:lambda=0.5:rounds=1 sha256:"), settings);
        var pairs = NpdReader.read(out).pairs();
        assertEquals(6, pairs.size());
        // the search keeps x_T unless a neighbour scores higher, so the golden image never scores lower
        pairs.forEach(p -> assertTrue(p.optimizedScore() >= p.originalScore() - 1e-3, p.originalScore() + " -> " + p.optimizedScore()));
        assertOneLineError(collect(out, "--target", "search:k=2:lambda=0.5", "--redenoise", "redenoise:wl=3"), "not both");
        assertOneLineError(collect(dir.resolve("npd-bad"), "--target", "magic"), "--target: unknown noise strategy");
    }

    @Test
    void trainNpnetSkipsACorruptShardAndWritesWeightsWithACard() throws IOException {
        Path out = dir.resolve("for-training");
        assertEquals(0, collect(out).code());
        Path shard = out.resolve("shard-00001.npz");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path weights = dir.resolve("npnet/npnet.safetensors");
        CliTest.Run r = run("train-npnet", "--data", out.toString(), "--tiny", "--epochs", "2", "--no-filter",
                "--model", tinyModel.toString(), "--work", dir.resolve("npnet-work").toString(), "--out", weights.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("skipped shard-00001.npz"), r.err());
        assertTrue(r.out().contains("3 pairs read"), r.out());
        assertTrue(Files.exists(weights));
        String card = Files.readString(dir.resolve("npnet/npnet.card.json"));
        assertTrue(card.contains("\"final_validation_loss\""), card);
        assertTrue(card.contains("\"teacher\" : \"redenoise:"), card); // from the folder's collection settings
        // the weights plug in as a noise strategy
        CliTest.Run gen = run("generate", "a red circle", "--noise", "npnet:" + weights, "--steps", "2", "--model", tinyModel.toString(),
                "--out", dir.resolve("gen-npnet").toString());
        assertEquals(0, gen.code(), gen.err());
        // the spatial text path on 2×2 patches: its configuration is in the card and the weights load as a strategy
        Path patched = dir.resolve("npnet/patched.safetensors");
        CliTest.Run pt = run("train-npnet", "--data", out.toString(), "--tiny", "--attention", "8", "--attention-patch", "2",
                "--epochs", "1", "--no-filter", "--model", tinyModel.toString(), "--work", dir.resolve("patched-work").toString(),
                "--out", patched.toString());
        assertEquals(0, pt.code(), pt.err());
        assertTrue(Files.readString(dir.resolve("npnet/patched.card.json")).contains("\"attentionPatch\" : 2"));
        assertEquals(0, run("generate", "a red circle", "--noise", "npnet:" + patched, "--steps", "2", "--model", tinyModel.toString(),
                "--out", dir.resolve("gen-patched").toString()).code());
        assertOneLineError(run("train-npnet", "--data", out.toString(), "--tiny", "--attention-patch", "2", "--model", tinyModel.toString(),
                "--work", dir.resolve("bad-work").toString(), "--out", dir.resolve("bad.safetensors").toString()), "needs --attention");
        // (the corrupt shard's warning comes first here, so the error is the last line rather than the only one)
        CliTest.Run badPatch = run("train-npnet", "--data", out.toString(), "--tiny", "--attention", "8", "--attention-patch", "3",
                "--model", tinyModel.toString(), "--work", dir.resolve("bad-work").toString(), "--out", dir.resolve("bad.safetensors").toString());
        assertEquals(2, badPatch.code(), badPatch.err());
        assertTrue(badPatch.err().strip().endsWith("--attention-patch 3 must divide the latent's height 16 and width 16"), badPatch.err());
        // fine-tuning starts from the parent's weights: at a vanishing learning rate it ends where it started
        Path tuned = dir.resolve("npnet/tuned.safetensors");
        CliTest.Run ft = run("train-npnet", "--data", out.toString(), "--init", weights.toString(), "--epochs", "1", "--no-filter",
                "--lr", "1e-12", "--model", tinyModel.toString(), "--work", dir.resolve("tuned-work").toString(), "--out", tuned.toString());
        assertEquals(0, ft.code(), ft.err());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            var parent = dev.goldennoise.tensor.Safetensors.read(weights, m).tensors();
            var child = dev.goldennoise.tensor.Safetensors.read(tuned, m).tensors();
            assertEquals(parent.keySet(), child.keySet());
            for (String name : parent.keySet()) {
                float diff = parent.get(name).sub(child.get(name)).abs().max().getFloat();
                assertTrue(diff < 1e-6, name + " moved by " + diff);
            }
        }
    }

    @Test
    void splitsTheWorkOverMachines() throws IOException {
        Path out = dir.resolve("split");
        assertEquals(0, collect(out, "--shard", "1/2").code());
        assertTrue(Files.exists(out.resolve("shard-00001.npz")));
        assertTrue(!Files.exists(out.resolve("shard-00000.npz")));
        assertEquals(0, collect(out, "--shard", "0/2").code());
        assertEquals(6, NpdReader.read(out).pairs().size());
    }

    /**
     * What the official loader does with a folder (training/noise_dataset.py with --pick, training/utils/utils.py):
     * np.load every file of --data-dir, squeeze arr_0 and arr_1, and look the caption up by arr_2.item() among the
     * JSON lines of --prompt-path keyed by "index". Here the same reading, file by file, in Java.
     */
    @Test
    void officialLayoutIsWhatTheOfficialLoaderReads() throws IOException {
        Path out = dir.resolve("official");
        CliTest.Run r = collect(out, "--layout", "official", "--rng", "torch");
        assertEquals(0, r.code(), r.err());
        Map<Long, JsonNode> byIndex = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("pairs.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            byIndex.put(n.get("index").asLong(), n);
            assertTrue(n.get("original_score_list").isArray() && n.get("optimized_score_list").isArray(), line);
        }
        assertEquals(6, byIndex.size());
        List<Path> files;
        try (Stream<Path> s = Files.list(out.resolve("npz"))) {
            files = s.sorted().toList();
        }
        assertEquals(6, files.size(), "one .npz per pair and nothing else in the data folder: " + files);
        for (Path f : files) {
            Map<String, NpyArray> a = Npz.read(f);
            assertEquals(List.of("arr_0", "arr_1", "arr_2"), List.copyOf(a.keySet()));
            assertArrayEquals(new long[] {1, 4, 16, 16}, a.get("arr_0").shape());
            assertArrayEquals(new long[] {1, 4, 16, 16}, a.get("arr_1").shape());
            assertArrayEquals(new long[0], a.get("arr_2").shape(), "arr_2 is a 0-d array, so arr_2.item() is its index");
            assertEquals("<i8", a.get("arr_2").dtype());
            long index = a.get("arr_2").asLongs()[0];
            JsonNode line = byIndex.get(index);
            assertTrue(line != null, "arr_2 " + index + " of " + f + " keys a caption");
            assertEquals(index + "_" + line.get("seed").asLong() + ".npz", f.getFileName().toString());
            assertArrayEquals(TorchRandn.float32(line.get("seed").asLong(), 1024), a.get("arr_0").asFloats(),
                    "x_T is torch.randn of the pair's seed");
        }
        NpdReader.Result back = NpdReader.read(out);
        assertEquals(List.of(), back.problems());
        assertEquals(6, back.pairs().size());
        assertEquals(byIndex.get(2L).get("caption").asText(), back.pairs().get(2).caption());

        // a run killed after shard 0: shard 1's .npz files may exist, its lines do not; the rerun does shard 1 only
        List<String> lines = Files.readAllLines(out.resolve("pairs.jsonl"));
        Files.write(out.resolve("pairs.jsonl"), lines.subList(0, 3));
        CliTest.Run resumed = collect(out, "--layout", "official", "--rng", "torch");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("1 of this machine's shards to do"), resumed.out());
        assertEquals(lines, Files.readAllLines(out.resolve("pairs.jsonl")));
        assertOneLineError(collect(out), "rng (torch there, java now)");
        assertOneLineError(collect(out, "--rng", "torch"), "layout (official there, shards now)");
    }

    @Test
    void badInputIsOneClearLine() {
        Path out = dir.resolve("bad");
        assertOneLineError(collect(out, "--shard", "2/2"), "--shard");
        assertOneLineError(collect(out, "--shard", "x"), "--shard");
        assertOneLineError(collect(out, "--redenoise", "redenoise:wl=high"), "--redenoise");
        assertOneLineError(run("collect", "--scorers", dir.resolve("nowhere").toString(), "--out", out.toString(),
                "--model", tinyModel.toString()), "train-scorer");
        assertOneLineError(collect(out, "--count", "0"), "--count");
        assertOneLineError(collect(out, "--layout", "diffusers"), "shards or official");
    }
}
