package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.score.HardNegatives;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceTrainer;
import dev.goldennoise.score.PreferenceTrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train-scorer", mixinStandardHelpOptions = true,
        header = "Train a CLIP-style scorer (preference or judge) on rendered scenes.",
        description = {"Train a CLIP-style scorer on rendered scenes with hard-negative prompts, degraded images and",
                "renders of the hard negatives, then measure it on held-out renders. --kind preference is the",
                "scorer that filters noise pairs; --kind judge is the independent judge used only in evaluation.",
                "Writes to runs/scorer unless --out says otherwise. Resumable: rerun to continue."})
public final class TrainScorerCommand implements Callable<Integer> {
    @Option(names = "--kind", defaultValue = "preference", description = "preference or judge (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--steps", description = "Training steps (default: 8000 for the preference scorer, 5000 for the judge, as"
            + " the shipped ones; 200 with --tiny)."
            + " A run may be extended by resuming with more steps; every other setting must stay the same.")
    Integer steps;

    @Option(names = "--batch", defaultValue = "32", description = "Renders per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--negatives", defaultValue = "8", description = "Hard-negative prompts per render, relations, swaps and"
            + " counts drawn more often than colour or shape changes (default: ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--validate-every", defaultValue = "500", paramLabel = "STEPS", description = "Print accuracy on"
            + " validation renders every this many steps, 0 for never (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--image-lr", description = "Peak learning rate of the image tower (default: --lr; an attention tower"
            + " (patch) collapsed to constant embeddings at 1e-3 and trained at 3e-4).")
    Double imageLr;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/scorer", description = "Checkpoints (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/scorer", description = "Where weights and card go"
            + " (default: ${DEFAULT-VALUE}). Other commands load models/scorer in the goldennoise folder; replacing"
            + " a file there needs --force.")
    Path out;

    @Option(names = "--force", description = "Allow replacing the shipped weights under models/.")
    boolean force;

    @Option(names = "--tiny", description = "A tiny configuration, for trying the pipeline in seconds.")
    boolean tiny;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from these scorer weights (same towers; a cosine"
            + " scorer may start a matching-head one, whose head then starts afresh) instead of a fresh initialisation, to"
            + " fine-tune; the card records them.")
    Path init;

    @Option(names = "--init-towers", paramLabel = "TOWER,...", split = ",", defaultValue = "image,text", description = "With --init:"
            + " which towers start from it, image, text or both; the others start afresh (default: ${DEFAULT-VALUE}).")
    java.util.Set<String> initTowers;

    @Option(names = "--position-first", paramLabel = "N", description = "A curriculum: the first N steps draw position prompts"
            + " only, so a batch is all relations and their swaps (default: 1000 for the judge, which without it never learned"
            + " a relation's order; 0 for the preference scorer and with --tiny).")
    Integer positionFirst;

    @Option(names = "--kind-weights", paramLabel = "KIND=W,...", split = ",", description = "How much more often each kind of"
            + " hard negative is drawn than a colour or shape change: relation, swap, count, colour, shape, size or drop, each a"
            + " whole number of at least 1 (default: relation=3,swap=3,count=2).")
    Map<String, Integer> kindWeights;

    @Override
    public Integer call() throws Exception {
        PreferenceModelConfig config;
        long seed;
        long dataSeed;
        switch (kind) {
            case "preference" -> {
                config = PreferenceModelConfig.preference();
                seed = 0;
                dataSeed = 1;
            }
            case "judge" -> {
                config = PreferenceModelConfig.judge();
                seed = 100;
                dataSeed = 2;
            }
            default -> throw new UserError("unknown --kind '" + kind + "'; use preference or judge");
        }
        int n = steps != null ? steps : tiny ? 200 : kind.equals("judge") ? 5000 : 8000;
        int curriculum = positionFirst != null ? positionFirst : kind.equals("judge") && !tiny ? 1000 : 0;
        if (n < 1 || batch < 2 || negatives < 1 || validateEvery < 0) {
            throw new UserError("--steps and --negatives must be at least 1, --batch at least 2 and --validate-every at least 0");
        }
        if (batch > 4096 || negatives > 64) {
            throw new UserError("--batch is at most 4096 and --negatives at most 64 (a batch is held in memory at once)");
        }
        double imagePeak = imageLr != null ? imageLr : lr;
        if (lr <= 0 || imagePeak <= 0) {
            throw new UserError("--lr and --image-lr must be positive, got " + lr + " and " + imagePeak);
        }
        if (tiny) {
            config = kind.equals("judge") ? PreferenceModelConfig.tinyMixer() : PreferenceModelConfig.tiny();
        }
        Map<String, Integer> negativeWeights = kindWeights == null ? PreferenceTrainingOptions.DEFAULT_KIND_WEIGHTS : kindWeights;
        for (Map.Entry<String, Integer> e : negativeWeights.entrySet()) {
            if (!HardNegatives.KINDS.contains(e.getKey()) || e.getValue() == null || e.getValue() < 1) {
                throw new UserError("--kind-weights: '" + e.getKey() + "=" + e.getValue() + "' is not a kind of " + HardNegatives.KINDS
                        + " with a whole-number weight of at least 1");
            }
        }
        if (curriculum < 0 || curriculum > n) {
            throw new UserError("--position-first must be from 0 to --steps (" + n + "), got " + curriculum);
        }
        if (!PreferenceTrainingOptions.TOWERS.containsAll(initTowers) || initTowers.isEmpty()) {
            throw new UserError("--init-towers takes image, text or image,text, got " + String.join(",", initTowers));
        }
        if (init != null && !Files.isRegularFile(init)) {
            throw new UserError("--init " + init + " is not a file; give the .safetensors of a scorer trained by train-scorer");
        }
        ShippedFiles.guard(out.resolve(kind + ".safetensors"), force);
        OutputFolder.prepare(out);
        OutputFolder.prepare(work);
        PreferenceTrainingOptions o = new PreferenceTrainingOptions(kind, config, work, out, n, batch, negatives, lr, imagePeak, seed,
                dataSeed, 100, validateEvery, tiny ? 40 : 400, negativeWeights, init, init == null ? java.util.Set.of() : initTowers, curriculum);
        try (NDManager root = NDManager.newBaseManager()) {
            Path weights = new PreferenceTrainer(o).run(root);
            System.out.println("wrote " + weights);
        }
        return 0;
    }
}
