package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.npd.MarginFilter;
import dev.goldennoise.npd.NoisePair;
import dev.goldennoise.npd.NpdReader;
import dev.goldennoise.npd.NpnetData;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.npnet.NpnetExample;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.npnet.NpnetTrainer;
import dev.goldennoise.npnet.NpnetTrainingOptions;
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
        description = {"Train NPNet on a noise prompt dataset: the pairs of --data (shards from collect, or the",
                "official Python layout), kept where the golden noise's image beat the source noise's by more",
                "than --margin, every caption embedded by the model's text encoder; MSE to the golden noise,",
                "AdamW, a 90/10 split with the validation loss after every epoch. Writes the weights and a card",
                "beside them. Resumable: rerun the same command to continue; a corrupt shard is reported and",
                "skipped."})
public final class TrainNpnetCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/npd", description = "Noise pairs (default: ${DEFAULT-VALUE}).")
    Path data;

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

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-4", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Initialisation, split and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/npnet", description = "Checkpoint folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "runs/npnet/npnet.safetensors", description = "Weights file"
            + " (default: ${DEFAULT-VALUE}). --noise npnet loads models/npnet/npnet.safetensors in the goldennoise folder;"
            + " replacing a file there needs --force.")
    Path out;

    @Option(names = "--force", description = "Allow replacing the shipped weights under models/.")
    boolean force;

    @Option(names = "--tiny", description = "A tiny network, for trying the pipeline in seconds.")
    boolean tiny;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
            int c = (int) latent[0];
            int h = (int) latent[1];
            int wd = (int) latent[2];
            int t = dm.textEncoder().tokens();
            int d = dm.textEncoder().width();
            NpnetConfig config = (tiny ? NpnetConfig.tiny(c, h, wd, t, d) : NpnetConfig.standard(c, h, wd, t, d)).withAblation(!noSvd, !noResidual);
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
            NpnetTrainingOptions o = new NpnetTrainingOptions(config, epochs, batch, lr, 0.01, 0.1, seed, work, weights, described);
            NpnetTrainer.Result r = new NpnetTrainer(o).run(examples, root);
            w.printf(Locale.ROOT, "trained on %d pairs, validated on %d: validation MSE %.5f (identity %.5f), train MSE %.5f, %.0f s; wrote %s and %s%n",
                    r.trainPairs(), r.validationPairs(), r.finalValidationLoss(), r.identityValidationLoss(),
                    r.history().get(r.history().size() - 1).trainLoss(), r.seconds(), weights, NpnetFiles.cardPath(weights));
            w.flush();
        }
        return 0;
    }

    private static String shape(long[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : "×").append(s[i]);
        }
        return b.toString();
    }
}
