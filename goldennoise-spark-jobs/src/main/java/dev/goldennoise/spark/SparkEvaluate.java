package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.cli.EvaluateJob;
import dev.goldennoise.cli.UserError;
import dev.goldennoise.eval.CachedGenerator;
import dev.goldennoise.eval.EvaluationItem;
import dev.goldennoise.eval.EvaluationSettings;
import dev.goldennoise.eval.HtmlReport;
import dev.goldennoise.eval.ImageCache;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.eval.ResultsJson;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.util.Provenance;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code evaluate} as a Spark job: the driver checks the options and settings exactly as the CLI does, one task per
 * batch of items generates and scores ({@link ItemsTask}), and the driver puts the parts together in item order and
 * writes results.json and report.html through the CLI's own code. The folder is the CLI's (images, their indexes,
 * settings, results, report) plus each part's image index under {@value EvaluateWorker#PARTS}.
 */
final class SparkEvaluate {
    private SparkEvaluate() {}

    /** The checks that need no Spark context, so that a bad command fails before a cluster is asked for anything. */
    static EvaluateJob check(SparkArgs args) {
        EvaluateJob job = EvaluateJob.parse(args.cli());
        if (job.plannedBatch() == null) {
            throw new UserError(SparkArgs.EXPORT_NEEDS_BATCH);
        }
        return job;
    }

    static int run(JavaSparkContext sc, SparkArgs args, EvaluateJob job, PrintWriter w) throws IOException {
        RemoteFolder out = args.output(job.out(), sc.hadoopConfiguration());
        Path scratch = Files.createTempDirectory("goldennoise-evaluate-");
        try (NDManager manager = NDManager.newBaseManager()) {
            List<LabelledStrategy> strategies = job.strategies(manager);
            List<Scorer> scorers = job.scorers(manager);
            String digest = job.modelDigest();
            EvaluationSettings settings = job.settings(digest);
            checkOrRecord(out, strategies, settings, scratch);
            deleteTemporaries(out, strategies);
            List<String> folders = new ArrayList<>();
            for (LabelledStrategy s : strategies) {
                folders.add(s.folder());
            }
            int batch = job.plannedBatch();
            List<EvaluationItem> items = job.items();
            int parts = (items.size() + batch - 1) / batch;
            List<ItemsPart> done = sc.parallelize(IntStream.range(0, parts).boxed().toList(), Math.max(1, parts))
                    .map(new ItemsTask(args.cli(), out.uri(), new HadoopConf(sc.hadoopConfiguration()), digest, Provenance.commit(), folders))
                    .collect();
            deleteTemporaries(out, strategies);
            ItemsPart.Whole whole = ItemsPart.join(done, strategies, scorers, !job.isExport());
            writeIndexes(out, strategies, items, whole, scratch);
            Path local = out.localPath();
            Path dir = local != null ? local : copyImages(out, whole, scratch.resolve("report"));
            job.report(dir, strategies, scorers, whole.generated(), whole.sheet(), whole.baseCalls(), settings, batch,
                    job.noiseChanges(manager, strategies), w);
            if (local == null) {
                out.publish(dir.resolve(ResultsJson.FILE), ResultsJson.FILE, true);
                out.publish(dir.resolve(HtmlReport.FILE), HtmlReport.FILE, true);
            }
            w.printf("%n%d images made, %d reused from an earlier run, in %d tasks; wrote %s/%s and %s/%s%n",
                    whole.generated().made(), whole.generated().reused(), parts, out.uri(), ResultsJson.FILE, out.uri(), HtmlReport.FILE);
            w.flush();
        } finally {
            ShardTask.deleteTree(scratch);
        }
        return 0;
    }

    /**
     * Refuses a folder whose images were made with other settings; records the settings of a fresh one, or of a
     * folder that has settings but no image yet, as the CLI does.
     */
    private static void checkOrRecord(RemoteFolder out, List<LabelledStrategy> strategies, EvaluationSettings settings,
            Path scratch) throws IOException {
        boolean holdsImages = false;
        for (String folder : out.folders(CachedGenerator.IMAGES)) {
            holdsImages |= out.files(CachedGenerator.IMAGES + "/" + folder).contains(ImageCache.INDEX)
                    || !out.files(EvaluateWorker.PARTS + "/" + folder).isEmpty();
        }
        SettingsFile.checkOrRecord(out, EvaluationSettings.FILE, holdsImages, scratch,
                file -> settings.differencesFrom(EvaluationSettings.read(file)), settings::write,
                diff -> EvaluateJob.otherSettings(out.uri(), diff));
        for (LabelledStrategy s : strategies) {
            out.mkdirs(CachedGenerator.IMAGES + "/" + s.folder());
        }
    }

    private static void deleteTemporaries(RemoteFolder out, List<LabelledStrategy> strategies) throws IOException {
        out.deleteTemporaries("");
        for (LabelledStrategy s : strategies) {
            out.deleteTemporaries(CachedGenerator.IMAGES + "/" + s.folder());
            out.deleteTemporaries(EvaluateWorker.PARTS + "/" + s.folder());
        }
    }

    /** Each strategy's index of every image, in item order, as the CLI writes it: the CLI can resume this folder. */
    private static void writeIndexes(RemoteFolder out, List<LabelledStrategy> strategies, List<EvaluationItem> items,
            ItemsPart.Whole whole, Path scratch) throws IOException {
        for (LabelledStrategy s : strategies) {
            double[] seconds = whole.generated().seconds().get(s.label());
            List<ImageCache.Entry> entries = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                EvaluationItem item = items.get(i);
                entries.add(new ImageCache.Entry(item.promptIndex(), item.seed(), ImageCache.fileName(item), seconds[i]));
            }
            Path dir = scratch.resolve("index").resolve(s.folder());
            ImageCache.open(dir).record(entries);
            out.publish(dir.resolve(ImageCache.INDEX), CachedGenerator.IMAGES + "/" + s.folder() + "/" + ImageCache.INDEX, true);
        }
    }

    /** A local copy of the images, for a report written off the local file system (it inlines small images). */
    private static Path copyImages(RemoteFolder out, ItemsPart.Whole whole, Path dir) throws IOException {
        for (List<String> files : whole.generated().files().values()) {
            for (String file : files) {
                out.download(file, dir.resolve(file));
            }
        }
        return dir;
    }
}
