package dev.goldennoise.spark;

import dev.goldennoise.npd.NpdShardWriter;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One shard of a collection, as one Spark task: the executor's {@link CollectWorker} writes it into a local scratch
 * folder exactly as the CLI writes it, and the files are then published into the collection folder, the .jsonl first
 * and the .npz last, each under a temporary name renamed when whole. A shard is complete when its .npz exists (the
 * rule the CLI resumes by), so an attempt that dies at any point leaves no shard that counts, and a retried or
 * speculative attempt makes the same bytes: the first rename wins and the other copy is dropped.
 */
final class ShardTask implements Function<Integer, long[]> {
    private static final long serialVersionUID = 1L;
    /**
     * Test-only: the shard whose first attempt publishes its .jsonl, leaves half an .npz under a temporary name and
     * fails, as an executor lost mid-copy would.
     */
    static final String FAIL_FIRST_ATTEMPT = "spark.goldennoise.test.failFirstAttemptOfShard";

    private final List<String> cliArgs;
    private final String folder;
    private final HadoopConf conf;
    private final String settings;

    /** @param settings the driver's collection.json, which every executor's files must reproduce */
    ShardTask(List<String> cliArgs, String folder, HadoopConf conf, String settings) {
        this.cliArgs = List.copyOf(cliArgs);
        this.folder = folder;
        this.conf = conf;
        this.settings = settings;
    }

    @Override
    public long[] call(Integer shard) throws Exception {
        CollectWorker worker = CollectWorker.get(cliArgs, settings);
        RemoteFolder out = RemoteFolder.open(folder, conf.get());
        Path scratch = Files.createTempDirectory("goldennoise-shard-");
        try {
            long[] totals = worker.collect(scratch, shard);
            Path npz = NpdShardWriter.npzPath(scratch, shard);
            Path jsonl = NpdShardWriter.jsonlPath(scratch, shard);
            out.publish(jsonl, jsonl.getFileName().toString(), false);
            if (failsHere(shard)) {
                out.abandonPartialCopy(npz, npz.getFileName().toString());
                throw new IllegalStateException("test: the first attempt of shard " + shard + " fails mid-copy");
            }
            out.publish(npz, npz.getFileName().toString(), false);
            return totals;
        } finally {
            deleteTree(scratch);
        }
    }

    private static boolean failsHere(int shard) {
        TaskContext task = TaskContext.get();
        String which = SparkEnv.get().conf().get(FAIL_FIRST_ATTEMPT, null);
        return which != null && task != null && task.attemptNumber() == 0 && Integer.parseInt(which) == shard;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
