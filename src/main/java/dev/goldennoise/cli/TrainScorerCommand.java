package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.PreferenceTrainer;
import dev.goldennoise.score.PreferenceTrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train-scorer", mixinStandardHelpOptions = true,
        description = {"Train a CLIP-style scorer on rendered scenes with hard-negative prompts and degraded images,",
                "then measure it on held-out renders. --kind preference is the scorer that filters noise pairs;",
                "--kind judge is the independent judge used only in evaluation. Resumable: rerun to continue."})
public final class TrainScorerCommand implements Callable<Integer> {
    @Option(names = "--kind", defaultValue = "preference", description = "preference or judge (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--steps", defaultValue = "1200", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Renders per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--negatives", defaultValue = "4", description = "Hard-negative prompts per render (default: ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/scorer", description = "Checkpoints (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", description = "Where weights and card go (default: models/scorer in the goldennoise folder).")
    Path out;

    @Option(names = "--tiny", description = "A tiny configuration, for trying the pipeline in seconds.")
    boolean tiny;

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
        if (steps < 1 || batch < 2 || negatives < 1) {
            throw new UserError("--steps and --negatives must be at least 1 and --batch at least 2");
        }
        Path outDir = out != null ? out : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR);
        OutputFolder.prepare(outDir);
        OutputFolder.prepare(work);
        PreferenceTrainingOptions o = new PreferenceTrainingOptions(kind, tiny ? PreferenceModelConfig.tiny() : config,
                work, outDir, steps, batch, negatives, lr, seed, dataSeed, 100);
        try (NDManager root = NDManager.newBaseManager()) {
            Path weights = new PreferenceTrainer(o).run(root);
            System.out.println("wrote " + weights);
        }
        return 0;
    }
}
