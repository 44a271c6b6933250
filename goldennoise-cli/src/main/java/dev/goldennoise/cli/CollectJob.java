package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.model.onnx.ExportDigest;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.RedenoiseNoise;
import dev.goldennoise.noise.RedenoiseSettings;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.NpdCollector;
import dev.goldennoise.npd.NpdLayout;
import dev.goldennoise.npd.NpdPrompts;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.score.external.OnnxClipScorer;
import dev.goldennoise.tensor.NoiseRng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The collection a {@code collect} command line describes, checked: its settings, its teacher and its collector. The
 * command runs its shards in one process; a Spark job (goldennoise-spark) parses the same arguments into one of these
 * on the driver and on every executor, so that both build the very same collector.
 */
public final class CollectJob {
    private final CollectCommand c;
    private final ShardOption part;
    private final NpdLayout layout;
    private final NoiseRng noiseRng;
    private final Path scorerFile;
    private final List<String> pool;
    private final String poolId;

    /** The scorer that judges both images of a pair, and the strategy that makes the golden noise. */
    public record Teacher(Scorer scorer, NoiseStrategy strategy) {}

    private CollectJob(CollectCommand c, ShardOption part, NpdLayout layout, NoiseRng noiseRng, Path scorerFile,
            List<String> pool, String poolId) {
        this.c = c;
        this.part = part;
        this.layout = layout;
        this.noiseRng = noiseRng;
        this.scorerFile = scorerFile;
        this.pool = pool;
        this.poolId = poolId;
    }

    /** Parses {@code collect}'s options as the command line does and checks them; a bad one throws its one-line error. */
    public static CollectJob parse(List<String> args) throws IOException {
        CollectCommand c = new CollectCommand();
        Main.configure(new picocli.CommandLine(c)).parseArgs(args.toArray(String[]::new));
        return check(c);
    }

    /** Every check that needs no model, in the order the command has always made them. */
    static CollectJob check(CollectCommand c) throws IOException {
        if (c.count < 1 || c.count > CollectCommand.MAX_COUNT) {
            throw new UserError("--count must be from 1 to " + CollectCommand.MAX_COUNT + " (the paper's dataset has 100,000 pairs; split"
                    + " larger ones into several collections), got " + c.count);
        }
        if (c.shardSize < 1 || c.shardSize > CollectCommand.MAX_SHARD_SIZE) {
            throw new UserError("--shard-size must be from 1 to " + CollectCommand.MAX_SHARD_SIZE + " (a shard is held in memory until"
                    + " written), got " + c.shardSize);
        }
        ShardOption part = ShardOption.parse(c.shard);
        NpdLayout files;
        try {
            files = NpdLayout.parse(c.layout);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        NoiseRng noiseRng = c.rng.resolve(c.model);
        if (c.target != null && !c.redenoise.equals(RedenoiseSettings.NAME)) {
            throw new UserError("give --target or --redenoise, not both (--target redenoise:... sets re-denoise options too)");
        }
        Path scorerFile = (c.scorerDir != null ? c.scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR))
                .resolve(Scorers.PREFERENCE + ".safetensors");
        List<String> pool = NpdPrompts.pool();
        String poolId = CollectionSettings.NPD_POOL;
        if (c.promptsFile != null) {
            pool = PromptInput.readFile(c.promptsFile);
            if (pool.isEmpty()) {
                throw new UserError("--prompts-file " + c.promptsFile + " holds no prompts (one per line; # starts a comment)");
            }
            poolId = FileDigest.sha256(c.promptsFile);
        }
        c.policy.check(pool);
        if (c.externalScorer != null ? !OnnxClipScorer.isScorerFolder(c.externalScorer) : !Files.exists(scorerFile)) {
            throw new UserError(c.externalScorer != null
                    ? "--external-scorer: " + c.externalScorer + " holds neither scorer.json nor model.onnx; an external scorer folder holds"
                    + " scorer.json naming its ONNX towers, or optimum's CLIPModel export (see docs/SDXL.md)"
                    : "collect needs the preference scorer, but " + scorerFile + " does not exist; train it with train-scorer or pass --scorers DIR");
        }
        return new CollectJob(c, part, files, noiseRng, scorerFile, pool, poolId);
    }

    public Path out() {
        return c.out;
    }

    public long count() {
        return c.count;
    }

    public int shardSize() {
        return c.shardSize;
    }

    /** The collection seed, which with a pair's index decides its prompt and noise. */
    public long seed() {
        return c.seed;
    }

    public NpdLayout layout() {
        return layout;
    }

    /** {@code --shard i/n}: i. */
    public int part() {
        return part.part();
    }

    /** {@code --shard i/n}: n. */
    public int parts() {
        return part.parts();
    }

    /** Whether {@code --batch} was given (an export's default depends on the memory of the machine it runs on). */
    public boolean batchGiven() {
        return c.sampling.batch != null;
    }

    public boolean isExport() {
        return c.model.isExport();
    }

    /** The built-in model or the export that {@code --model} names, loaded. */
    public LoadedModel open(NDManager root) {
        return c.model.open(root);
    }

    /** Loads the scorer and builds the teacher; a bad teacher spec is a one-line error. */
    public Teacher teacher(NDManager root) throws IOException {
        Scorer scorer = c.externalScorer != null ? OnnxClipScorer.load(c.externalScorer, c.model.device)
                : Scorers.learned(Scorers.PREFERENCE, scorerFile, root);
        try {
            return new Teacher(scorer, c.target != null
                    ? NoiseStrategies.byName(c.target, c.sampling.strategyContext(root, c.scorerDir))
                    : new RedenoiseNoise(RedenoiseSettings.parse(c.redenoise)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserError((c.target != null ? "--target: " : "--redenoise: ") + e.getMessage());
        }
    }

    public NpdCollector collector(DiffusionModel model, Teacher teacher) {
        return new NpdCollector(model, teacher.strategy(), teacher.scorer(), c.sampling.steps, c.sampling.cfg,
                c.sampling.batch(c.model, model), pool, noiseRng, layout, c.sampling.sampler());
    }

    /** What decides the pairs, as {@value CollectionSettings#FILE} records it. */
    public CollectionSettings settings(NoiseStrategy strategy) throws IOException {
        // an external scorer is every file of its folder (graphs, external weights, tokenizer), as an export is
        String scorerId = c.externalScorer != null ? ExportDigest.of(c.externalScorer) : FileDigest.sha256(scorerFile);
        return new CollectionSettings(c.model.path().toAbsolutePath().normalize().toString(), c.model.digest(), scorerId,
                targetIdentity(strategy), c.sampling.steps, c.sampling.cfg, c.seed, c.shardSize, poolId, noiseRng.label(),
                layout.label(), c.sampling.sampler().label());
    }

    /** The teacher's name, and the digest of every weights file it reads (an NPNet teacher's, a search's scorer). */
    private static String targetIdentity(NoiseStrategy strategy) throws IOException {
        StringBuilder id = new StringBuilder(strategy.name());
        for (Path file : strategy.weightFiles()) {
            id.append(" sha256:").append(FileDigest.sha256(file), 0, 16);
        }
        return id.toString();
    }

    /**
     * Refuses a folder whose collected work ({@code holdsWork}) was made with other settings; a folder with settings
     * but no work yet takes the new ones. Shared by {@code collect} and {@code collect-ranks}.
     */
    static void checkOrRecord(Path out, CollectionSettings settings, boolean holdsWork) throws IOException {
        Path file = out.resolve(CollectionSettings.FILE);
        if (Files.exists(file) && holdsWork) {
            List<String> diff = settings.differencesFrom(CollectionSettings.read(file));
            if (!diff.isEmpty()) {
                throw new UserError(otherSettings(out, diff));
            }
        } else {
            settings.write(file);
        }
    }

    /** The message that refuses a folder holding pairs made with other settings. */
    public static String otherSettings(Object out, List<String> differences) {
        return out + " holds a collection made with other settings: " + String.join("; ", differences)
                + "; choose another --out, or rerun with that collection's settings to extend it";
    }
}
