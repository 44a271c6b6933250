package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BaseTrainer;
import dev.goldennoise.model.builtin.BaseTrainingOptions;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.world.WorldVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "train-base", mixinStandardHelpOptions = true,
        header = "Train the built-in model.",
        description = {"Train the built-in model: autoencoder, then text encoder and UNet jointly.",
                "Resumable: rerun the same command to continue from the last checkpoint in --work."})
public final class TrainBaseCommand implements Callable<Integer> {
    @Option(names = "--work", paramLabel = "DIR", defaultValue = "runs/base", description = "Checkpoints and latent cache (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/base", description = "Where the finished weights and card go"
            + " (default: ${DEFAULT-VALUE}). Other commands load models/builtin in the goldennoise folder (or --model FILE);"
            + " replacing a file there needs --force.")
    Path out;

    @Option(names = "--force", description = "Allow replacing the shipped weights under models/.")
    boolean force;

    @Option(names = "--ae-steps", defaultValue = "1500", description = "Autoencoder steps (default: ${DEFAULT-VALUE}).")
    int aeSteps;

    @Option(names = "--unet-steps", defaultValue = "7000", description = "Text encoder + UNet steps (default: ${DEFAULT-VALUE}).")
    int unetSteps;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size of both phases (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate of the UNet phase (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--cache", defaultValue = "20000", description = "Encoded training scenes (default: ${DEFAULT-VALUE}).")
    int cache;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tiny", description = "A tiny configuration, for trying the pipeline in seconds.")
    boolean tiny;

    @Option(names = "--world", paramLabel = "NAME", defaultValue = "standard", description = "The variant of the shapes world"
            + " to draw training scenes from: standard, or corner (objects only in the top-left 48x48 pixels; docs/WORLD.md)"
            + " (default: ${DEFAULT-VALUE}).")
    String world;

    @Option(names = "--init", paramLabel = "FILE", description = "Fine-tune from these built-in model weights (a derived model;"
            + " the card records the parent). With --ae-steps 0 the parent's autoencoder is kept as it is.")
    Path init;

    @Override
    public Integer call() throws Exception {
        if (aeSteps < (init != null ? 0 : 1) || unetSteps < 1 || batch < 1 || cache < batch) {
            throw new UserError("--ae-steps (0 allowed with --init), --unet-steps and --batch must be positive and --cache at least --batch");
        }
        WorldVariant variant;
        try {
            variant = WorldVariant.parse(world);
        } catch (IllegalArgumentException e) {
            throw new UserError("--world: " + e.getMessage());
        }
        if (init != null && !Files.isRegularFile(init)) {
            throw new UserError("--init " + init + " not found; give built-in model weights, e.g. models/builtin/base.safetensors");
        }
        if (batch > 4096 || cache > 1_000_000) {
            throw new UserError("--batch is at most 4096 and --cache at most 1000000 (both are held in memory)");
        }
        if (lr <= 0) {
            throw new UserError("--lr must be positive, got " + lr);
        }
        Path outDir = out;
        ShippedFiles.guard(outDir.resolve(BuiltinModelFiles.WEIGHTS), force);
        OutputFolder.prepare(outDir);
        OutputFolder.prepare(work);
        BaseTrainingOptions d = BaseTrainingOptions.defaults(work, outDir);
        BaseTrainingOptions o = new BaseTrainingOptions(tiny ? BuiltinConfig.tiny() : BuiltinConfig.standard(), work, outDir,
                aeSteps, batch, d.aeLr(), cache, unetSteps, batch, lr, d.promptDropout(), d.emaDecay(),
                d.checkpointEvery(), seed, variant, init);
        try (NDManager root = NDManager.newBaseManager()) {
            Path weights;
            try {
                weights = new BaseTrainer(o).run(root);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            System.out.println("wrote " + weights + " and " + weights.resolveSibling(BuiltinModelFiles.CARD));
        }
        return 0;
    }
}
