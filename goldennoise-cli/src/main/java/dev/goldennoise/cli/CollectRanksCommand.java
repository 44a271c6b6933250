package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.NpdPrompts;
import dev.goldennoise.npd.RankCollector;
import dev.goldennoise.npd.RankShards;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.ProgressTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "collect-ranks", mixinStandardHelpOptions = true,
        header = "Collect scored candidate noises for training a noise ranker (train-ranker).",
        description = {"For each group, a prompt of the NPD pool (training prompts the evaluation set never",
                "uses) and a seed, N candidate noises (x_T and the N-1 candidates best-of-N draws),",
                "an image of each with the standard sampler, and the preference scorer's score of",
                "each image. Writes DIR/ranks-NNNNN.jsonl (index, seed, prompt, scores); the noises",
                "are made again from their seeds. Shards are written whole under a temporary name and",
                "renamed: rerun the same command to continue, or raise --count to extend.",
                ""})
public final class CollectRanksCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/ranks", description = "Collection folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "2048", description = "Groups in the whole collection, rounded up to whole shards (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "8", description = "Candidate noises per group, x_T among them (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--shard-size", paramLabel = "N", defaultValue = "64", description = "Groups per shard file (default: ${DEFAULT-VALUE}).")
    int shardSize;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1", description = "This machine's part of the work (default: ${DEFAULT-VALUE}, all of it).")
    String shard;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Collection seed: decides every group's prompt and noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scorers", paramLabel = "DIR",
            description = "Folder with preference.safetensors (default: models/scorer in the goldennoise folder).")
    Path scorerDir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > CollectCommand.MAX_COUNT) {
            throw new UserError("--count must be from 1 to " + CollectCommand.MAX_COUNT + ", got " + count);
        }
        if (shardSize < 1 || shardSize > CollectCommand.MAX_SHARD_SIZE) {
            throw new UserError("--shard-size must be from 1 to " + CollectCommand.MAX_SHARD_SIZE + ", got " + shardSize);
        }
        ShardOption part = ShardOption.parse(shard);
        Path scorerFile = (scorerDir != null ? scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR))
                .resolve(Scorers.PREFERENCE + ".safetensors");
        if (!Files.exists(scorerFile)) {
            throw new UserError("collect-ranks needs the preference scorer, but " + scorerFile + " does not exist; train it with train-scorer or pass --scorers DIR");
        }
        OutputFolder.prepare(out);
        PrintWriter w = spec.commandLine().getOut();
        long started;
        long groups = 0;
        List<Integer> todo;
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            Scorer scorer = Scorers.learned(Scorers.PREFERENCE, scorerFile, root);
            RankCollector collector;
            try {
                collector = new RankCollector(m.model(), scorer, candidates, sampling.steps, sampling.cfg, sampling.sampler(), NpdPrompts.pool());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            CollectJob.checkOrRecord(out, new CollectionSettings(model.path().toAbsolutePath().normalize().toString(), model.digest(),
                    FileDigest.sha256(scorerFile), "candidates:n=" + candidates, sampling.steps, sampling.cfg, seed, shardSize,
                    CollectionSettings.NPD_POOL, NoiseRng.JAVA.label(), RankShards.LAYOUT, sampling.sampler().label()), RankShards.holdsShards(out));
            todo = RankShards.shardsToDo(out, count, shardSize, part.part(), part.parts());
            w.printf("collect-ranks: %d of this machine's shards to do (%d groups of %d candidates each)%n", todo.size(), shardSize, candidates);
            w.flush();
            if (todo.isEmpty()) {
                return 0;
            }
            started = System.nanoTime();
            try (ProgressTask bar = Progress.task("collect-ranks", (long) todo.size() * shardSize, 0)) {
                for (int s : todo) {
                    collector.collectShard(out, seed, s, shardSize, root, bar::stepBy);
                    groups += shardSize;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        w.printf(Locale.ROOT, "collected %d groups (%d images) into %s in %.0f s (%.2f images/s, %d denoiser calls per image)%n",
                groups, groups * candidates, out, seconds, groups * candidates / seconds, sampling.steps * (sampling.cfg == 1.0 ? 1 : 2));
        w.flush();
        return 0;
    }
}
