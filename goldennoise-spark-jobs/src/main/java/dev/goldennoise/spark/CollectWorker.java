package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.cli.CollectJob;
import dev.goldennoise.cli.LoadedModel;
import dev.goldennoise.cli.UserError;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.NpdCollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An executor's collector: the model, the scorer and the teacher, built by the same {@link CollectJob} code as the
 * CLI's collect, loaded once per JVM and kept until the JVM ends. It collects one shard at a time: concurrent tasks
 * in one executor would share the model's native threads, and a shard's bytes must not depend on what else runs.
 */
final class CollectWorker {
    private final CollectJob job;
    private final NDManager root;
    private final NpdCollector collector;

    private CollectWorker(CollectJob job, NDManager root, NpdCollector collector) {
        this.job = job;
        this.root = root;
        this.collector = collector;
    }

    /**
     * @param settings the driver's {@value CollectionSettings#FILE}: this JVM's files must make the same (the same
     *                 model, scorer and teacher weights by digest), or its shards would belong to another dataset
     */
    static CollectWorker get(List<String> cliArgs, String settings) throws Exception {
        List<String> key = new ArrayList<>(cliArgs);
        key.add(0, "collect " + settings);
        return PerJvm.get(key, () -> {
            CollectJob job = CollectJob.parse(JobFiles.resolve(cliArgs));
            NDManager root = NDManager.newBaseManager();
            LoadedModel model = job.open(root);
            CollectJob.Teacher teacher = job.teacher(root);
            Path file = Files.createTempFile("goldennoise-driver-", ".json");
            try {
                Files.writeString(file, settings);
                List<String> diff = job.settings(teacher.strategy()).differencesFrom(CollectionSettings.read(file));
                if (!diff.isEmpty()) {
                    throw new UserError("the files on executor " + java.net.InetAddress.getLocalHost().getHostName()
                            + " are not the driver's: " + String.join("; ", diff) + "; ship the same files to every machine"
                            + " (spark-submit --files, or one shared path; docs/SPARK.md)");
                }
            } finally {
                Files.deleteIfExists(file);
            }
            return new CollectWorker(job, root, job.collector(model.model(), teacher));
        });
    }

    /** Collects shard {@code shard} into the local folder {@code dir}; returns its pairs and how many the teacher won. */
    synchronized long[] collect(Path dir, int shard) throws IOException {
        long[] totals = new long[2];
        collector.collectShard(dir, job.seed(), shard, job.shardSize(), root, (done, improved) -> { }, totals);
        return totals;
    }
}
