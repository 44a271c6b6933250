package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.npd.NpdReader;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code collect} on local[2] against the CLI's collect of the same tiny settings: 3 shards of 2 pairs, 2 steps. */
class SparkCollectTest {
    @TempDir
    static Path dir;
    static List<String> settings;
    /** The CLI's collection: what every distributed one must equal, file for file and byte for byte. */
    static Map<String, byte[]> expected;

    @BeforeAll
    static void cliCollection() throws IOException {
        Path tinyModel = dir.resolve("tiny.safetensors");
        try (NDManager m = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(BuiltinConfig.tiny(), m, 3)) {
            BuiltinModelFiles.save(model, tinyModel);
        }
        Path scorers = dir.resolve("scorers");
        try (NDManager m = NDManager.newBaseManager(); PreferenceModel model = new PreferenceModel(PreferenceModelConfig.tiny(), m, 3)) {
            PreferenceModelFiles.save(model, "preference", scorers.resolve("preference.safetensors"));
        }
        settings = List.of("--count", "6", "--shard-size", "2", "--steps", "2", "--cfg", "3", "--batch", "2",
                "--model", tinyModel.toString(), "--scorers", scorers.toString());
        Path cli = dir.resolve("cli");
        Runs.Run r = Runs.cli(Runs.with(List.of("collect"), Runs.with(settings, "--out", cli.toString()).toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
        expected = Runs.files(cli);
        assertEquals(7, expected.size(), "3 shards of .npz and .jsonl, and collection.json: " + expected.keySet());
    }

    private static Runs.Run spark(Path out, String master) {
        return Runs.spark(Runs.with(List.of("collect", "--master", master, "--out", out.toString()), settings.toArray(String[]::new)));
    }

    @Test
    void distributedCollectionEqualsTheClisByteForByte() throws IOException {
        Path out = dir.resolve("spark");
        Runs.Run r = spark(out, "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("collected 6 pairs in 3 shards"), r.out());
        Runs.assertSameFiles(expected, Runs.files(out));

        Runs.Run again = spark(out, "local[2]");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 of this job's shards to do"), again.out());

        Runs.Run other = Runs.spark(Runs.with(List.of("collect", "--master", "local[2]", "--out", out.toString(), "--seed", "2"),
                settings.toArray(String[]::new)));
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("seed (1 there, 2 now)") && other.err().lines().count() == 1, other.err());
    }

    /**
     * The last shard's first attempt publishes its .jsonl, leaves half an .npz under a temporary name and fails. Without
     * retries the job dies with that debris; rerun, it does the missing shard and cleans up. With a retry (local[2,2])
     * the second attempt finishes it in the same job. Either way the folder ends as the CLI's, and nothing else.
     */
    @Test
    void aTaskThatDiesMidCopyIsRetriedOrResumedAndLeavesExactlyTheClisFiles() throws IOException {
        // the last shard, on one task thread: no other task is left running when the job dies, so what it leaves is known
        System.setProperty(ShardTask.FAIL_FIRST_ATTEMPT, "2");
        try {
            Path died = dir.resolve("died");
            Runs.Run r = spark(died, "local[1]");
            assertEquals(1, r.code(), r.out());
            assertTrue(r.err().contains("fails mid-copy"), r.err());
            Map<String, byte[]> debris = Runs.files(died);
            assertTrue(debris.containsKey("shard-00001.npz") && debris.containsKey("shard-00002.jsonl")
                    && !debris.containsKey("shard-00002.npz"), debris.keySet().toString());
            assertTrue(debris.keySet().stream().anyMatch(f -> f.startsWith(".shard-00002.npz.") && f.endsWith(RemoteFolder.TEMPORARY)),
                    "the dead attempt's partial copy is there: " + debris.keySet());
            assertEquals(4, NpdReader.read(died).pairs().size(), "a reader sees the whole shards only");
            System.clearProperty(ShardTask.FAIL_FIRST_ATTEMPT);
            Runs.Run resumed = spark(died, "local[2]");
            assertEquals(0, resumed.code(), resumed.err());
            assertTrue(resumed.out().contains("1 of this job's shards to do"), resumed.out());
            Runs.assertSameFiles(expected, Runs.files(died));

            System.setProperty(ShardTask.FAIL_FIRST_ATTEMPT, "2");
            Path retried = dir.resolve("retried");
            Runs.Run second = spark(retried, "local[2,2]");
            assertEquals(0, second.code(), second.err());
            assertTrue(second.out().contains("collected 6 pairs in 3 shards"), second.out());
            Runs.assertSameFiles(expected, Runs.files(retried));
        } finally {
            System.clearProperty(ShardTask.FAIL_FIRST_ATTEMPT);
        }
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        Runs.Run layout = Runs.spark(Runs.with(List.of("collect", "--out", dir.resolve("o2").toString(), "--layout", "official"),
                settings.toArray(String[]::new)));
        assertEquals(2, layout.code());
        assertTrue(layout.err().contains("--layout official") && layout.err().lines().count() == 1, layout.err());
        Runs.Run count = Runs.spark(List.of("collect", "--count", "0"));
        assertEquals(2, count.code());
        assertTrue(count.err().contains("--count must be from 1"), count.err());
        Runs.Run master = Runs.spark(Runs.with(List.of("collect", "--out", dir.resolve("o3").toString()), settings.toArray(String[]::new)));
        assertEquals(2, master.code());
        assertTrue(master.err().contains("give --master"), master.err());
        Runs.Run job = Runs.spark(List.of("train"));
        assertEquals(2, job.code());
        assertTrue(job.err().contains("unknown job 'train'"), job.err());
    }
}
