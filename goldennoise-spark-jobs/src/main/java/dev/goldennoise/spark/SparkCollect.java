package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.cli.CollectJob;
import dev.goldennoise.cli.UserError;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.NpdLayout;
import dev.goldennoise.npd.NpdShardWriter;
import dev.goldennoise.npd.OfficialPairWriter;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code collect} as a Spark job: the driver checks the options and the collection's settings exactly as the CLI
 * does, and runs one task per shard still missing ({@link ShardTask}). The folder it writes is the CLI's, file for
 * file, so either can extend what the other began.
 */
final class SparkCollect {
    private SparkCollect() {}

    /** The checks that need no Spark context, so that a bad command fails before a cluster is asked for anything. */
    static CollectJob check(SparkArgs args) throws IOException {
        CollectJob job = CollectJob.parse(args.cli());
        if (job.layout() == NpdLayout.OFFICIAL) {
            throw new UserError("--layout official keeps one pairs.jsonl that every shard rewrites, which parallel tasks cannot"
                    + " share; collect the default shards layout on Spark, or run ./goldennoise collect --layout official");
        }
        if (job.isExport() && !job.batchGiven()) {
            throw new UserError(SparkArgs.EXPORT_NEEDS_BATCH);
        }
        return job;
    }

    static int run(JavaSparkContext sc, SparkArgs args, CollectJob job, PrintWriter w) throws IOException {
        RemoteFolder out = args.output(job.out(), sc.hadoopConfiguration());
        out.deleteTemporaries("");
        Path scratch = Files.createTempDirectory("goldennoise-collect-");
        List<Integer> todo;
        String settingsText;
        try (NDManager root = NDManager.newBaseManager()) {
            // the teacher is built here too: every refusal comes before the settings are recorded, as in the CLI
            CollectJob.Teacher teacher = job.teacher(root);
            CollectionSettings settings = job.settings(teacher.strategy());
            checkOrRecord(out, settings, scratch);
            Path mine = scratch.resolve("driver-" + CollectionSettings.FILE);
            settings.write(mine);
            settingsText = Files.readString(mine);
            todo = shardsToDo(out, job);
        } finally {
            ShardTask.deleteTree(scratch);
        }
        long shards = (job.count() + job.shardSize() - 1) / job.shardSize();
        w.printf("collect: %d of this job's shards to do (%d pairs each; %d shards in the whole collection) into %s%n",
                todo.size(), job.shardSize(), shards, out.uri());
        w.flush();
        if (todo.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        List<long[]> done = sc.parallelize(todo, todo.size())
                .map(new ShardTask(args.cli(), out.uri(), new HadoopConf(sc.hadoopConfiguration()), settingsText)).collect();
        // attempts that failed or lost a race may have left temporary copies; every shard is whole now
        out.deleteTemporaries("");
        double seconds = (System.nanoTime() - started) / 1e9;
        long pairs = done.stream().mapToLong(t -> t[0]).sum();
        long improved = done.stream().mapToLong(t -> t[1]).sum();
        w.printf(Locale.ROOT, "collected %d pairs in %d shards into %s in %.0f s (%.2f pairs/s); the golden noise's image scored higher in %.1f%% of them%n",
                pairs, todo.size(), out.uri(), seconds, pairs / seconds, 100.0 * improved / Math.max(1, pairs));
        w.flush();
        return 0;
    }

    /** The shards of this job's part ({@code --shard i/n}) whose .npz is not in the folder yet. */
    private static List<Integer> shardsToDo(RemoteFolder out, CollectJob job) throws IOException {
        int shards = (int) ((job.count() + job.shardSize() - 1) / job.shardSize());
        List<String> present = out.files("");
        List<Integer> todo = new ArrayList<>();
        for (int s = job.part(); s < shards; s += job.parts()) {
            if (!present.contains(NpdShardWriter.name(s) + ".npz")) {
                todo.add(s);
            }
        }
        return todo;
    }

    /** Refuses a folder holding pairs made with other settings; a folder with settings but no pair is reused. */
    private static void checkOrRecord(RemoteFolder out, CollectionSettings settings, Path scratch) throws IOException {
        boolean holdsPairs = out.files("").stream().anyMatch(f -> f.endsWith(".npz") || f.equals(OfficialPairWriter.METADATA));
        SettingsFile.checkOrRecord(out, CollectionSettings.FILE, holdsPairs, scratch,
                file -> settings.differencesFrom(CollectionSettings.read(file)), settings::write,
                diff -> CollectJob.otherSettings(out.uri(), diff));
    }
}
