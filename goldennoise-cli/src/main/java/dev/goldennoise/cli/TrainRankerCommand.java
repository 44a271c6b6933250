package dev.goldennoise.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.npd.CandidateGroup;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.RankShards;
import dev.goldennoise.ranker.RankerConfig;
import dev.goldennoise.ranker.RankerGroup;
import dev.goldennoise.ranker.RankerTrainer;
import dev.goldennoise.ranker.RankerTrainingOptions;
import dev.goldennoise.tensor.NoiseRng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train-ranker", mixinStandardHelpOptions = true,
        header = "Train a noise ranker on scored candidate noises (collect-ranks).",
        description = {"Train the noise ranker that --noise rank uses: from a noise and the prompt, it predicts",
                "how the preference scorer will rank the noise's image among the other candidates of the",
                "same prompt. Pairwise loss within each group of --data, weighted by the score difference;",
                "AdamW, 10% of the groups held out; the weights kept are the epoch with the lowest validation",
                "loss. Writes the weights and a card beside them. Resumable: rerun the same command."})
public final class TrainRankerCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/ranks", description = "Scored candidate groups from collect-ranks (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N groups by index (for data-size curves).")
    Integer limit;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Groups per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "3e-4", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", paramLabel = "W", defaultValue = "0.01", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--width", paramLabel = "N", defaultValue = "64", description = "Token width of the attention layers, a multiple of 4 (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--blocks", paramLabel = "N", defaultValue = "2", description = "Cross- and self-attention blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--pool", paramLabel = "P", defaultValue = "1", description = "Read only the noise's P×P block means, its"
            + " low frequencies (1: the whole noise; default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Initialisation, split and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/ranker", description = "Checkpoint folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/ranker/ranker.safetensors", description = "Weights file"
            + " (default: ${DEFAULT-VALUE}). --noise rank loads models/ranker/ranker.safetensors in the goldennoise folder;"
            + " replacing a file there needs --force.")
    Path out;

    @Option(names = "--force", description = "Allow replacing the shipped weights under models/.")
    boolean force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit != null && limit < 2) {
            throw new UserError("--limit must be at least 2, got " + limit);
        }
        if (epochs < 1 || batch < 1 || batch > 4096) {
            throw new UserError("--epochs must be at least 1 and --batch from 1 to 4096");
        }
        if (!(lr > 0) || Double.isInfinite(lr) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new UserError("--lr must be a positive number and --weight-decay a number ≥ 0");
        }
        if (width < RankerConfig.HEADS || width % RankerConfig.HEADS != 0 || blocks < 1 || blocks > 16) {
            throw new UserError("--width must be a positive multiple of " + RankerConfig.HEADS + " and --blocks from 1 to 16");
        }
        ShippedFiles.guard(out, force);
        if (!Files.isRegularFile(data.resolve(CollectionSettings.FILE))) {
            throw new UserError(data + " holds no " + CollectionSettings.FILE + "; collect candidate groups with ./goldennoise collect-ranks --out " + data);
        }
        CollectionSettings collection = CollectionSettings.read(data.resolve(CollectionSettings.FILE));
        if (!RankShards.LAYOUT.equals(collection.layout())) {
            throw new UserError(data + " is a noise pair collection (collect), not candidate groups; collect those with ./goldennoise collect-ranks");
        }
        List<CandidateGroup> groups;
        try {
            groups = RankShards.read(data);
        } catch (java.io.IOException e) {
            throw new UserError(e.getMessage());
        }
        if (limit != null && groups.size() > limit) {
            groups = groups.subList(0, limit);
        }
        if (groups.size() < 2) {
            throw new UserError("only " + groups.size() + " candidate group in " + data + "; collect more with ./goldennoise collect-ranks");
        }
        PrintWriter w = spec.commandLine().getOut();
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            DiffusionModel dm = m.model();
            if (!collection.modelSha256().equals(model.digest())) {
                throw new UserError(data + " was collected with other model weights (" + collection.model() + "); train with that --model");
            }
            long[] latent = dm.latentShape().getShape();
            int tokens = dm.textEncoder().tokens();
            int textWidth = dm.textEncoder().width();
            RankerConfig config;
            try {
                config = new RankerConfig((int) latent[0], (int) latent[1], (int) latent[2], tokens, textWidth, 32, width, blocks, pool);
            } catch (IllegalArgumentException e) {
                throw new UserError("--pool: " + e.getMessage());
            }
            List<RankerGroup> examples = examples(groups, dm, NoiseRng.parse(collection.rng()), root);
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("folder", data.toString());
            card.put("groups_read", groups.size());
            card.put("limit", limit);
            card.put("collection", Map.of("target", collection.target(), "steps", collection.steps(), "cfg", collection.cfg(),
                    "sampler", collection.sampler(), "seed", collection.seed(), "scorer_sha256", collection.scorerSha256()));
            card.put("base_model", collection.model());
            RankerTrainingOptions o = new RankerTrainingOptions(config, batch, epochs, lr, weightDecay, 0.1, seed, work, out, card);
            RankerTrainer.Result r;
            try {
                r = new RankerTrainer(o).run(examples, root);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            RankerTrainer.Epoch k = r.kept();
            w.printf(Locale.ROOT, "trained on %d groups (%d held out) in %.0f s; kept epoch %d: validation loss %.4f, pair accuracy %.1f%%,"
                            + " pick +%.2f score points over x_T of the best candidate's +%.2f (%.0f%%); weights %s%n",
                    r.trainGroups(), r.validationGroups(), r.seconds(), k.epoch(), k.validationLoss(), 100 * k.pairAccuracy(), k.pickGain(),
                    k.oracleGain(), 100 * (k.oracleGain() == 0 ? 0 : k.pickGain() / k.oracleGain()), r.weights());
            w.flush();
        }
        return 0;
    }

    /** Each group's candidate noises, made again from their seeds, and its prompt's token embeddings. */
    private static List<RankerGroup> examples(List<CandidateGroup> groups, DiffusionModel dm, NoiseRng rng, NDManager root) {
        int per = Math.toIntExact(dm.latentShape().size());
        Map<String, float[]> text = new HashMap<>();
        List<RankerGroup> out = new ArrayList<>(groups.size());
        for (CandidateGroup g : groups) {
            float[] t = text.computeIfAbsent(g.prompt(), p -> {
                try (NDManager scope = root.newSubManager()) {
                    NDArray tokens = dm.textEncoder().encode(List.of(p), scope).tokens();
                    return tokens.toFloatArray();
                } catch (RuntimeException e) {
                    throw new UserError("the model's text encoder cannot read the prompt '" + p + "' of group " + g.index() + ": " + e.getMessage());
                }
            });
            float[] noises = new float[g.size() * per];
            for (int k = 0; k < g.size(); k++) {
                System.arraycopy(rng.gaussian(g.candidateSeed(k), per), 0, noises, k * per, per);
            }
            out.add(new RankerGroup(noises, t, g.scores()));
        }
        return out;
    }
}
