package dev.goldennoise.spark;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.cli.EvaluateJob;
import dev.goldennoise.cli.LoadedModel;
import dev.goldennoise.cli.UserError;
import dev.goldennoise.eval.CachedGenerator;
import dev.goldennoise.eval.EvaluationItem;
import dev.goldennoise.eval.GeneratedImages;
import dev.goldennoise.eval.ImageCache;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.eval.ScoreSheet;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.score.Scorer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;

/**
 * An executor's evaluator: the model, the strategies and the scorers, built by the same {@link EvaluateJob} code as
 * the CLI's evaluate, loaded once per JVM and kept until the JVM ends. It runs one part at a time, through the CLI's
 * own generator and score sheet, in a local scratch folder laid out like the output folder.
 */
final class EvaluateWorker {
    /** Beside the output folder's images: each part's image index, so that a rerun of a job that died reuses its images. */
    static final String PARTS = "_spark/evaluate";

    private final EvaluateJob job;
    private final NDManager root;
    private final ImagePipeline pipeline;
    private final List<LabelledStrategy> strategies;
    private final List<Scorer> scorers;
    private final int batch;
    private final ImageProvenance provenance;
    private final Set<String> warm = new HashSet<>();

    private EvaluateWorker(EvaluateJob job, NDManager root, ImagePipeline pipeline, List<LabelledStrategy> strategies,
            List<Scorer> scorers, int batch, ImageProvenance provenance) {
        this.job = job;
        this.root = root;
        this.pipeline = pipeline;
        this.strategies = strategies;
        this.scorers = scorers;
        this.batch = batch;
        this.provenance = provenance;
    }

    /**
     * @param modelDigest and {@code commit}: the driver's, so every executor's PNGs carry the same
     * @param folders     the driver's image folder of each strategy (named by the digest of its weights): this JVM's
     *                    model and strategies must be the driver's, or its images would answer another question
     */
    static EvaluateWorker get(List<String> cliArgs, String modelDigest, String commit, List<String> folders) throws Exception {
        List<String> key = new ArrayList<>(cliArgs);
        key.add(0, "evaluate " + modelDigest + " " + commit + " " + folders);
        return PerJvm.get(key, () -> {
            EvaluateJob job = EvaluateJob.parse(JobFiles.resolve(cliArgs));
            NDManager root = NDManager.newBaseManager();
            List<LabelledStrategy> strategies = job.strategies(root);
            List<String> mine = new ArrayList<>();
            for (LabelledStrategy s : strategies) {
                mine.add(s.folder());
            }
            if (!mine.equals(folders) || !job.modelDigest().equals(modelDigest)) {
                throw new UserError("the files on executor " + java.net.InetAddress.getLocalHost().getHostName() + " are not the"
                        + " driver's (" + (mine.equals(folders) ? "the model" : "a strategy's weights") + " differ); ship the same"
                        + " files to every machine (spark-submit --files, or one shared path; docs/SPARK.md)");
            }
            List<Scorer> scorers = job.scorers(root);
            LoadedModel model = job.open(root);
            return new EvaluateWorker(job, root, job.pipeline(model.model()), strategies, scorers, job.batch(model.model()),
                    job.imageProvenance(modelDigest, commit));
        });
    }

    /** Part {@code part} (items [part·batch, (part+1)·batch), the CLI's batches): its images into {@code out}, its scores back. */
    synchronized ItemsPart run(RemoteFolder out, int part, Path scratch) throws IOException {
        List<EvaluationItem> all = job.items();
        List<EvaluationItem> items = all.subList(part * batch, Math.min(all.size(), (part + 1) * batch));
        Map<String, Set<String>> reused = new LinkedHashMap<>();
        for (LabelledStrategy s : strategies) {
            reused.put(s.label(), fetchFinished(out, s.folder(), part, items, scratch));
        }
        GeneratedImages g = new CachedGenerator(pipeline, batch, scratch, provenance, warm).run(items, strategies, root);
        for (LabelledStrategy s : strategies) {
            String folder = CachedGenerator.IMAGES + "/" + s.folder();
            for (String file : g.files().get(s.label())) {
                if (!reused.get(s.label()).contains(file)) {
                    out.publish(scratch.resolve(file), file, true);
                }
            }
            // after its PNGs, as the CLI's index is: an entry never names a missing image
            out.publish(scratch.resolve(folder).resolve(ImageCache.INDEX), partIndex(s.folder(), part), true);
        }
        ScoreSheet sheet = ScoreSheet.of(items, g.images(), scorers, batch, !job.isExport());
        return ItemsPart.of(strategies, scorers, g, sheet, pipeline.denoiserCallsPerImage());
    }

    static String partIndex(String folder, int part) {
        return PARTS + "/" + folder + "/" + String.format("part-%05d.jsonl", part);
    }

    /**
     * Copies the images of these items that the output folder already holds (from the CLI's index, or this part's
     * from an earlier job) into the scratch folder with their index, for the generator to reuse; returns their files.
     */
    private static Set<String> fetchFinished(RemoteFolder out, String folder, int part, List<EvaluationItem> items, Path scratch)
            throws IOException {
        String remote = CachedGenerator.IMAGES + "/" + folder;
        Path local = scratch.resolve(CachedGenerator.IMAGES).resolve(folder);
        Set<String> wanted = items.stream().map(ImageCache::fileName).collect(Collectors.toSet());
        List<String> present = out.files(remote);
        List<ImageCache.Entry> kept = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int k = 0;
        for (String index : List.of(remote + "/" + ImageCache.INDEX, partIndex(folder, part))) {
            if (!out.exists(index)) {
                continue;
            }
            Path copy = scratch.resolve("index-" + k++);
            out.download(index, copy.resolve(ImageCache.INDEX));
            for (ImageCache.Entry e : ImageCache.open(copy).entries()) {
                if (wanted.contains(e.file()) && present.contains(e.file()) && names.add(e.file())) {
                    out.download(remote + "/" + e.file(), local.resolve(e.file()));
                    kept.add(e);
                }
            }
        }
        ImageCache.open(local).record(kept);
        return names.stream().map(n -> remote + "/" + n).collect(Collectors.toSet());
    }
}
