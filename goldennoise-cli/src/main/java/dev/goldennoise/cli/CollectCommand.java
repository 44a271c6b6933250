package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.noise.RedenoiseSettings;
import dev.goldennoise.npd.NpdCollector;
import dev.goldennoise.npd.OfficialPairWriter;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.ProgressTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "collect", mixinStandardHelpOptions = true,
        header = "Collect a noise prompt dataset (NPD) of (noise, golden noise, prompt) pairs.",
        description = {"Collect a noise prompt dataset (NPD): for each pair, a prompt of the NPD pool",
                "(training prompts the evaluation set never uses) and a seed, the initial noise x_T,",
                "its re-denoised golden noise x_T', an image from each with the standard sampler, and",
                "the preference scorer's score of both. Every pair is stored; train-npnet filters by",
                "score margin when it loads them.",
                "",
                "Writes DIR/shard-NNNNN.npz (arr_0 source noises, arr_1 golden noises, arr_2 pair",
                "indices, as the official code names them) and DIR/shard-NNNNN.jsonl (index, seed,",
                "caption, original_score_list, optimized_score_list). --layout official writes what the",
                "official NPNet trainer loads instead: DIR/npz/{index}_{seed}.npz per pair (arr_2 the",
                "index as a 0-d array) and DIR/pairs.jsonl; train there with --data-dir DIR/npz",
                "--prompt-path DIR/pairs.jsonl --pick True. Shards are written whole under a",
                "temporary name and renamed, so a killed run loses at most the shard in progress;",
                "rerun the same command to continue, or raise --count to extend. --shard i/n spreads",
                "the shards over n machines without overlap; copy all shards into one folder to train.",
                ""})
public final class CollectCommand implements Callable<Integer> {
    static final long MAX_COUNT = 10_000_000;
    static final int MAX_SHARD_SIZE = 65_536;

    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;
    @Mixin RngOption rng;

    @Option(names = "--layout", paramLabel = "NAME", defaultValue = "shards",
            description = "shards (this tool's shard files) or official (one .npz per pair and pairs.jsonl, as the official NPNet loader reads them) (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/npd", description = "Collection folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "4096", description = "Pairs in the whole collection, rounded up to whole shards (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--shard-size", paramLabel = "N", defaultValue = "256", description = "Pairs per shard file (default: ${DEFAULT-VALUE}).")
    int shardSize;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1", description = "This machine's part of the work (default: ${DEFAULT-VALUE}, all of it).")
    String shard;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Collection seed: decides every pair's prompt and noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--redenoise", paramLabel = "SPEC", defaultValue = RedenoiseSettings.NAME,
            description = "Re-denoise settings, e.g. redenoise:wl=5.5:ww=1:steps=10:inversion=exact (default: the built-in model's, ${DEFAULT-VALUE}).")
    String redenoise;

    @Option(names = "--target", paramLabel = "NAME", description = "The teacher that makes the golden noises: any --noise"
            + " strategy, e.g. search:k=3:lambda=0.3 (default: the --redenoise settings).")
    String target;

    @Option(names = "--scorers", paramLabel = "DIR",
            description = "Folder with preference.safetensors (default: models/scorer in the goldennoise folder).")
    Path scorerDir;

    @Option(names = "--prompts-file", paramLabel = "FILE",
            description = "Draw prompts from this file (one per line) instead of the shapes world's NPD pool; for exported models.")
    Path promptsFile;

    @Option(names = "--external-scorer", paramLabel = "DIR",
            description = "Score with an external CLIP-style ONNX scorer (a folder with scorer.json) instead of the preference scorer.")
    Path externalScorer;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CollectJob job = CollectJob.check(this);
        OutputFolder.prepare(out);
        long started = 0;
        long[] totals = new long[2];
        PrintWriter w = spec.commandLine().getOut();
        List<Integer> todo;
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            // everything that can refuse the settings runs before they are recorded, so a mistyped command leaves
            // no settings file behind that would then refuse the corrected one
            CollectJob.Teacher teacher = job.teacher(root);
            NpdCollector collector = job.collector(m.model(), teacher);
            CollectJob.checkOrRecord(out, job.settings(teacher.strategy()), holdsShards());
            todo = job.layout().shardsToDo(out, count, shardSize, job.part(), job.parts());
            long shards = (count + shardSize - 1) / shardSize;
            w.printf("collect: %d of this machine's shards to do (%d pairs each; %d shards in the whole collection)%n", todo.size(), shardSize, shards);
            w.flush();
            if (todo.isEmpty()) {
                return 0;
            }
            started = System.nanoTime();
            try (ProgressTask bar = Progress.task("collect", (long) todo.size() * shardSize, 0)) {
                for (int s : todo) {
                    collector.collectShard(out, seed, s, shardSize, root, (done, improved) -> {
                        bar.stepTo(done);
                        bar.message(String.format(Locale.ROOT, " golden better %.0f%%", 100.0 * improved / done));
                    }, totals);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        w.printf(Locale.ROOT, "collected %d pairs in %d shards into %s in %.0f s (%.2f pairs/s); the golden noise's image scored higher in %.1f%% of them%n",
                totals[0], todo.size(), out, seconds, totals[0] / seconds, 100.0 * totals[1] / Math.max(1, totals[0]));
        w.flush();
        return 0;
    }

    /** Whether the folder holds pairs of either layout (a shard, or the official layout's metadata). */
    private boolean holdsShards() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".npz")
                    || p.getFileName().toString().equals(OfficialPairWriter.METADATA));
        }
    }
}
