package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.npd.CollectionSettings;
import dev.goldennoise.npd.MarginFilter;
import dev.goldennoise.npd.NoisePair;
import dev.goldennoise.npd.NpdPrompts;
import dev.goldennoise.npd.NpdReader;
import dev.goldennoise.npd.NpnetData;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.npnet.NpnetExample;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.npnet.NpnetTrainer;
import dev.goldennoise.npnet.NpnetTrainingOptions;
import dev.goldennoise.npnet.RewardTrainer;
import dev.goldennoise.npnet.RewardTrainingOptions;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.PreferenceScorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.world.PromptParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train-npnet", mixinStandardHelpOptions = true,
        header = "Train NPNet on noise pairs (the paper) or on the reward.",
        description = {"Train NPNet. --objective mse (the paper): on a noise prompt dataset, the pairs of --data",
                "(shards from collect, or the official Python layout), kept where the golden noise's image beat",
                "the source noise's by more than --margin; MSE to the golden noise, AdamW, a 90/10 split with the",
                "validation loss after every epoch. --objective reward: no pairs; for fresh (prompt, x_T) draws",
                "the loss is 0.5*w*mean(delta^2) minus the preference score of the image a few-step sampler makes",
                "from x_T + delta (built-in model only). Writes the weights and a card beside them. Resumable:",
                "rerun the same command to continue; a corrupt shard is reported and skipped."})
public final class TrainNpnetCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--objective", paramLabel = "NAME", defaultValue = "mse", description = "mse (regress onto collected"
            + " golden noises, the paper) or reward (maximise the preference score of the sampled image; default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--attention", paramLabel = "WIDTH", defaultValue = "0", description = "Add the spatial text path of this"
            + " width (a multiple of 4; 0: none, the paper's NPNet): every latent position attends to the prompt's tokens"
            + " (default: ${DEFAULT-VALUE}).")
    int attention;

    @Option(names = "--attention-patch", paramLabel = "P", defaultValue = "1", description = "With --attention: one token of the"
            + " spatial text path per P×P latent patch, P² times fewer tokens; P must divide the latent's height and width"
            + " (default: ${DEFAULT-VALUE}, a token per latent position).")
    int attentionPatch;

    @Option(names = "--denoiser", description = "Add a denoiser branch, a copy of the base model's"
            + " UNet started from its weights that reads x_T and the prompt at the first timestep of --sampler-steps DDIM steps"
            + " and adds its output through a zero-initialised 1x1 convolution. Built-in model only; costs one conditional"
            + " UNet pass per image, or a fraction of one with --denoiser-part encoder (see bench).")
    boolean denoiserBranch;

    @Option(names = "--denoiser-part", paramLabel = "PART", defaultValue = "full", description = "With --denoiser: full (the"
            + " whole UNet, its ε prediction into the output layer) or encoder (its down path alone, the features at full and"
            + " half resolution into the output layer, a fraction of the cost: see bench --npnet) (default: ${DEFAULT-VALUE}).")
    String denoiserPart;

    @Option(names = "--denoiser-lr-scale", paramLabel = "F", defaultValue = "1", description = "With --denoiser: the branch's"
            + " UNet learns at --lr times F, its zero-initialised output layer at --lr (default: ${DEFAULT-VALUE}).")
    double denoiserLrScale;

    @Option(names = "--keep-norm", description = "Rescale each golden noise to x_T's norm, so that NPNet turns the noise on"
            + " its sphere instead of growing or shrinking it (as the optimize teacher keeps to the sphere).")
    boolean keepNorm;

    @Option(names = "--hold-out-prompts", paramLabel = "SHARE", defaultValue = "0", description = "For --objective reward:"
            + " validate on this share of the prompts (drawn by --seed), which training never draws, instead of on new x_T"
            + " for the training prompts (default: ${DEFAULT-VALUE}).")
    double holdOutPrompts;

    @Option(names = "--validation-draws", paramLabel = "N", defaultValue = "64", description = "For --objective reward: fixed"
            + " (prompt, x_T) draws each validation samples with the net and without it (default: ${DEFAULT-VALUE}).")
    int validationDraws;

    @Option(names = "--keep-best", description = "For --objective reward: write the validated weights with the highest"
            + " validation reward (the training scorer's, on the validation draws: see --hold-out-prompts) instead of the last ones;"
            + " the card records the step chosen.")
    boolean keepBest;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/npd", description = "Noise pairs, for --objective mse (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1200", description = "Steps, for --objective reward (default: ${DEFAULT-VALUE}, as the shipped reward-4step weights).")
    int steps;

    @Option(names = "--weight", paramLabel = "W", defaultValue = "20", description = "For --objective reward: score points a"
            + " mean squared move of 1 costs (default: ${DEFAULT-VALUE}).")
    double weight;

    @Option(names = "--sampler-steps", paramLabel = "N", defaultValue = "4", description = "For --objective reward: DDIM steps of"
            + " the differentiable sampler the reward is taken through; with --denoiser, also the schedule whose first timestep"
            + " the branch reads x_T at, which should be the step count the net will be used at (default: ${DEFAULT-VALUE}).")
    int samplerSteps;

    @Option(names = "--lookahead-steps", paramLabel = "K", description = "For --objective reward: take the reward after the first K"
            + " of the sampler's steps, from the clean latent predicted there, instead of after all of them; with --sampler-steps 20"
            + " the reward follows the 20-step sampler's own early trajectory at the backward cost of K steps (default: all).")
    Integer lookaheadSteps;

    @Option(names = "--cfg", paramLabel = "W", defaultValue = "" + SamplingOptions.DEFAULT_CFG, description = "For --objective"
            + " reward: the guidance of that sampler, the sampling default (default: ${DEFAULT-VALUE}).")
    double cfg;

    @Option(names = "--prompts-file", paramLabel = "FILE", description = "For --objective reward: draw prompts from this file"
            + " (one per line) instead of the NPD pool (training prompts the evaluation set never uses).")
    Path promptsFile;

    @Option(names = "--scorer-dir", paramLabel = "DIR", description = "For --objective reward: the folder of the preference"
            + " scorer (default: models/scorer in the goldennoise folder).")
    Path scorerDir;

    @Option(names = "--margin", paramLabel = "M", defaultValue = "0", description = "Keep a pair if its golden score exceeds its original score by more than M (default: ${DEFAULT-VALUE}, as the official code).")
    double margin;

    @Option(names = "--no-filter", description = "Ablation: keep every pair, whatever the scores.")
    boolean noFilter;

    @Option(names = "--no-svd", description = "Ablation: leave out the singular-value predictor.")
    boolean noSvd;

    @Option(names = "--no-residual", description = "Ablation: leave out the residual predictor.")
    boolean noResidual;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N pairs by index, before filtering (for data-size curves).")
    Integer limit;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Pairs (or draws) per step (default: 64 for mse, 8 for reward).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: 1e-4 for mse, as the official code; 3e-4 for reward, whose gradients overflowed at 1e-3).")
    Double lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Initialisation, split and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/npnet", description = "Checkpoint folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/npnet/npnet.safetensors", description = "Weights file"
            + " (default: ${DEFAULT-VALUE}). --noise npnet loads models/npnet/npnet.safetensors in the goldennoise folder (zigzag-patch-4step.safetensors up to 4 steps, attention-patch-4step.safetensors up to 8);"
            + " replacing a file there needs --force.")
    Path out;

    @Option(names = "--force", description = "Allow replacing the shipped weights under models/.")
    boolean force;

    @Option(names = "--tiny", description = "A tiny network, for trying the pipeline in seconds.")
    boolean tiny;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from these NPNet weights (with --objective mse,"
            + " fine-tuning, e.g. on feedback export's pairs from models/npnet/npnet.safetensors; with --objective reward,"
            + " refining an MSE student on the reward); the network's configuration is theirs.")
    Path init;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean reward = switch (objective) {
            case "mse" -> false;
            case "reward" -> true;
            default -> throw new UserError("unknown --objective '" + objective + "'; use mse or reward");
        };
        int batch = this.batch != null ? this.batch : reward ? 8 : 64;
        double lr = this.lr != null ? this.lr : reward ? 3e-4 : 1e-4;
        if (attention < 0 || attention % NpnetConfig.ATTENTION_HEADS != 0) {
            throw new UserError("--attention must be 0 or a positive multiple of " + NpnetConfig.ATTENTION_HEADS + ", got " + attention);
        }
        if (attentionPatch < 1 || (attentionPatch != 1 && attention == 0)) {
            throw new UserError("--attention-patch must be a positive number and needs --attention WIDTH, got " + attentionPatch
                    + (attention == 0 ? " without --attention" : ""));
        }
        if (!denoiserPart.equals("full") && !denoiserPart.equals("encoder")) {
            throw new UserError("--denoiser-part must be full or encoder, got '" + PromptParser.printable(denoiserPart) + "'");
        }
        if (!denoiserPart.equals("full") && !denoiserBranch) {
            throw new UserError("--denoiser-part chooses the denoiser branch's part and needs --denoiser");
        }
        if (reward) {
            return trainOnReward(batch, lr);
        }
        if (keepBest) {
            throw new UserError("--keep-best is for --objective reward; with --objective mse, read the validation loss per epoch in the work"
                    + " folder's history.json and set --epochs to the best");
        }
        if (denoiserLrScale != 1) {
            throw new UserError("--denoiser-lr-scale is for --objective reward with --denoiser");
        }
        if (denoiserBranch && (samplerSteps < 1 || samplerSteps > 50)) {
            throw new UserError("--sampler-steps must be from 1 to 50, got " + samplerSteps);
        }
        if (holdOutPrompts != 0 || validationDraws != 64) {
            throw new UserError("--hold-out-prompts and --validation-draws are for --objective reward; --objective mse holds out pairs by itself");
        }
        if (limit != null && limit < 2) {
            throw new UserError("--limit must be at least 2, got " + limit);
        }
        if (epochs < 1 || batch < 1 || batch > 65_536) {
            throw new UserError("--epochs must be at least 1 and --batch from 1 to 65536");
        }
        if (lr <= 0) {
            throw new UserError("--lr must be positive, got " + lr);
        }
        ShippedFiles.guard(out, force);
        PrintWriter w = spec.commandLine().getOut();
        NpdReader.Result read = NpdReader.read(data);
        for (String problem : read.problems()) {
            spec.commandLine().getErr().println("warning: skipped " + problem);
        }
        spec.commandLine().getErr().flush();
        List<NoisePair> pairs = read.pairs();
        if (limit != null && pairs.size() > limit) {
            pairs = pairs.subList(0, limit);
        }
        List<NoisePair> kept = noFilter ? pairs : MarginFilter.filterByMargin(pairs, margin);
        w.printf(Locale.ROOT, "%d pairs read from %s; %d kept (%s)%n", pairs.size(), data, kept.size(),
                noFilter ? "no filter" : "golden score above original + " + margin);
        w.flush();
        if (kept.size() < 2) {
            throw new UserError("only " + kept.size() + " pairs pass the filter; collect more with ./goldennoise collect or lower --margin");
        }
        Path weights = out;
        OutputFolder.prepare(weights.toAbsolutePath().getParent());
        OutputFolder.prepare(work);
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            DiffusionModel dm = m.model();
            long[] latent = dm.latentShape().getShape();
            if (latent.length != read.latentShape().length || !java.util.Arrays.equals(latent, read.latentShape())) {
                throw new UserError("the pairs in " + data + " have latent " + shape(read.latentShape()) + " but the model has latent "
                        + shape(latent) + "; collect pairs with this model");
            }
            Branch branch = withBranch(init != null ? initConfig(dm, root) : config(dm), m, dm);
            NpnetConfig config = branch.config();
            ParameterSet denoiserStart = branch.start();
            List<String> unreadable = new ArrayList<>();
            List<NpnetExample> examples = NpnetData.examples(kept, dm.textEncoder(), root, (caption, problem) -> {
                unreadable.add("caption '" + PromptParser.printable(caption) + "' (" + PromptParser.printable(problem) + ")");
                spec.commandLine().getErr().println("warning: skipped the pairs of caption '" + PromptParser.printable(caption)
                        + "': " + PromptParser.printable(problem));
            });
            spec.commandLine().getErr().flush();
            if (examples.size() < 2) {
                throw new UserError("only " + examples.size() + " pairs have a caption the model's text encoder can read");
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("folder", data.toString());
            described.put("pairs_read", pairs.size());
            described.put("pairs_kept", kept.size());
            described.put("filter", noFilter ? "none" : "optimized > original + " + margin);
            described.put("limit", limit);
            List<String> skipped = new ArrayList<>(read.problems());
            skipped.addAll(unreadable);
            described.put("skipped", skipped);
            described.put("base_model", model.path().toString());
            describeCollection(described);
            describeInit(described);
            describeBranch(described, config);
            NpnetTrainingOptions o = new NpnetTrainingOptions(config, epochs, batch, lr, 0.01, 0.1, seed, work, weights,
                    described, init);
            NpnetTrainer.Result r = new NpnetTrainer(o).run(examples, root, denoiserStart);
            w.printf(Locale.ROOT, "trained on %d pairs, validated on %d: validation MSE %.5f (identity %.5f), train MSE %.5f, %.0f s; wrote %s and %s%n",
                    r.trainPairs(), r.validationPairs(), r.finalValidationLoss(), r.identityValidationLoss(),
                    r.history().get(r.history().size() - 1).trainLoss(), r.seconds(), weights, NpnetFiles.cardPath(weights));
            w.flush();
        }
        return 0;
    }

    private int trainOnReward(int batch, double lr) throws Exception {
        if (steps < 1 || steps > 10_000_000 || batch < 1 || batch > 1024) {
            throw new UserError("--steps must be from 1 to 10000000 and --batch from 1 to 1024 for --objective reward");
        }
        if (samplerSteps < 1 || samplerSteps > 50) {
            throw new UserError("--sampler-steps must be from 1 to 50, got " + samplerSteps);
        }
        int lookahead = lookaheadSteps == null ? samplerSteps : lookaheadSteps;
        if (lookahead < 1 || lookahead > samplerSteps) {
            throw new UserError("--lookahead-steps must be from 1 to --sampler-steps (" + samplerSteps + "), got " + lookahead);
        }
        if (weight < 0) {
            throw new UserError("--weight must be 0 or more, got " + weight);
        }
        if (lr <= 0) {
            throw new UserError("--lr must be positive, got " + lr);
        }
        if (!(denoiserLrScale > 0) || Double.isInfinite(denoiserLrScale)) {
            throw new UserError("--denoiser-lr-scale must be a positive number, got " + denoiserLrScale);
        }
        if (denoiserLrScale != 1 && !denoiserBranch) {
            throw new UserError("--denoiser-lr-scale sets the denoiser branch's learning rate and needs --denoiser");
        }
        ShippedFiles.guard(out, force);
        List<String> prompts = NpdPrompts.pool();
        String promptSource = "the NPD pool (" + prompts.size() + " training prompts the evaluation set never uses)";
        if (promptsFile != null) {
            prompts = PromptInput.readFile(promptsFile);
            if (prompts.isEmpty()) {
                throw new UserError("--prompts-file " + promptsFile + " holds no prompts (one per line; # starts a comment)");
            }
            promptSource = promptsFile + " (" + prompts.size() + " prompts)";
        }
        if (validationDraws < 1 || validationDraws > 100_000) {
            throw new UserError("--validation-draws must be from 1 to 100000, got " + validationDraws);
        }
        // before the model loads: a share that leaves no prompt on either side is refused with the options' own rule
        RewardTrainingOptions.checkHoldOut(prompts.size(), holdOutPrompts);
        OutputFolder.prepare(out.toAbsolutePath().getParent());
        OutputFolder.prepare(work);
        PrintWriter w = spec.commandLine().getOut();
        Path dir = scorerDir != null ? scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR);
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            DiffusionModel dm = m.model();
            if (!dm.differentiable()) {
                throw new UserError("--objective reward needs gradients through the model, which only the built-in model gives;"
                        + " for " + dm.name() + " collect pairs and use --objective mse");
            }
            for (String p : prompts) {
                try {
                    dm.textEncoder().encode(List.of(p), root).tokens().close();
                } catch (IllegalArgumentException e) {
                    throw new UserError("the model's text encoder cannot read the prompt '" + PromptParser.printable(p) + "': "
                            + PromptParser.printable(e.getMessage()));
                }
            }
            PreferenceScorer scorer = Scorers.learned(Scorers.PREFERENCE, dir.resolve(Scorers.PREFERENCE + ".safetensors"), root);
            Branch branch = withBranch(init != null ? initConfig(dm, root) : config(dm), m, dm);
            NpnetConfig config = branch.config();
            ParameterSet denoiserStart = branch.start();
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("prompts", promptSource);
            describeBranch(described, config);
            described.put("base_model", model.path().toString());
            described.put("scorer", dir.resolve(Scorers.PREFERENCE + ".safetensors").toString());
            describeInit(described);
            RewardTrainingOptions o = new RewardTrainingOptions(config, prompts, steps, batch, lr, weight, samplerSteps, lookahead, cfg, seed,
                    Math.max(1, Math.min(100, steps / 10)), validationDraws, work, out, described, init, denoiserLrScale, keepBest, holdOutPrompts);
            RewardTrainer.Validation v = new RewardTrainer(o).run(dm, scorer.model(), root, denoiserStart);
            w.printf(Locale.ROOT, "trained %d steps on the reward: validation reward %.2f against %.2f for x_T, mean move"
                            + " ||delta||/||x_T|| %.3f; wrote %s and %s%n", steps, v.reward(), v.identityReward(), v.relativeMove(),
                    out, NpnetFiles.cardPath(out));
            w.flush();
        }
        return 0;
    }

    /** The --init weights, by path and digest, so the card says which net the training started from. */
    private void describeInit(Map<String, Object> described) throws java.io.IOException {
        if (init != null) {
            described.put("init", Map.of("file", init.toString(), "sha256", FileDigest.sha256(init)));
        }
    }

    /**
     * The teacher and settings the pairs were collected with, from the folder's collection settings, so the card says
     * what the net learned to imitate. Folders without them (the official Python layout) leave the card without.
     */
    private void describeCollection(Map<String, Object> described) {
        Path file = data.resolve(CollectionSettings.FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        try {
            CollectionSettings c = CollectionSettings.read(file);
            described.put("teacher", c.target());
            described.put("collection", c.describe());
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("warning: the card will not name the teacher: " + e.getMessage());
        }
    }

    /** The net's configuration and, with --denoiser, the base UNet weights its branch starts from (else null). */
    private record Branch(NpnetConfig config, ParameterSet start) {}

    private void describeBranch(Map<String, Object> described, NpnetConfig config) {
        if (denoiserBranch) {
            described.put("denoiser_start", "the base model's UNet" + (config.denoiserEncoderOnly() ? " (its down path)" : "") + ", "
                    + model.path() + ", read at timestep " + config.denoiserTimestep() + " (the first of " + samplerSteps + " DDIM steps)");
        }
    }

    private Branch withBranch(NpnetConfig config, LoadedModel m, DiffusionModel dm) {
        if (!denoiserBranch) {
            return new Branch(config, null);
        }
        var base = m.builtin().orElseThrow(() -> new UserError("--denoiser copies the built-in model's UNet; " + dm.name()
                + " has none to copy"));
        return new Branch(config.withDenoiser(base.config().unet(), dm.ddim(samplerSteps).timesteps()[0], denoiserPart.equals("encoder")),
                base.unet().params());
    }

    /** The configuration of the --init weights, which must fit the model; flags that would change it are refused. */
    private NpnetConfig initConfig(DiffusionModel dm, NDManager root) throws java.io.IOException {
        if (tiny || noSvd || noResidual || attention != 0 || attentionPatch != 1 || denoiserBranch || keepNorm) {
            throw new UserError("--init " + init + " fixes the network, so --tiny, --no-svd, --no-residual, --attention,"
                    + " --attention-patch, --denoiser and --keep-norm cannot change it; leave them out");
        }
        if (!java.nio.file.Files.isRegularFile(init)) {
            throw new UserError("--init " + init + " not found; the shipped weights are models/npnet/npnet.safetensors");
        }
        NpnetConfig c = NpnetFiles.config(init, root);
        long[] latent = dm.latentShape().getShape();
        if (!c.fits((int) latent[0], (int) latent[1], (int) latent[2], dm.textEncoder().tokens(), dm.textEncoder().width())) {
            throw new UserError("--init " + init + " was trained for " + c.describeShapes() + ", which does not fit this model");
        }
        return c;
    }

    /** The network the options ask for, shaped for the model's latent and text encoder. */
    private NpnetConfig config(DiffusionModel dm) {
        long[] latent = dm.latentShape().getShape();
        int c = (int) latent[0];
        int h = (int) latent[1];
        int w = (int) latent[2];
        int t = dm.textEncoder().tokens();
        int d = dm.textEncoder().width();
        if (h % attentionPatch != 0 || w % attentionPatch != 0) {
            throw new UserError("--attention-patch " + attentionPatch + " must divide the latent's height " + h + " and width " + w);
        }
        return (tiny ? NpnetConfig.tiny(c, h, w, t, d) : NpnetConfig.standard(c, h, w, t, d))
                .withAblation(!noSvd, !noResidual).withAttention(attention).withAttentionPatch(attentionPatch).withKeepNorm(keepNorm);
    }

    private static String shape(long[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : "×").append(s[i]);
        }
        return b.toString();
    }
}
