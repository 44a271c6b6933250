package dev.goldennoise.model.builtin;

import dev.goldennoise.world.WorldVariant;

import java.nio.file.Path;

/**
 * Settings of one {@code train-base} run. The work folder holds checkpoints and the latent cache, so a stopped run
 * resumes from it; the output folder receives the finished weights and card. {@code world} is the variant of the
 * shapes world scenes are drawn from; {@code init}, when not null, is a trained model's weights to fine-tune from
 * (a derived model), the autoencoder and its latent scale kept as they are when there are no autoencoder steps.
 */
public record BaseTrainingOptions(BuiltinConfig config, Path workDir, Path outDir, int aeSteps, int aeBatch, double aeLr,
                                  int latentCacheSize, int unetSteps, int unetBatch, double unetLr, double promptDropout,
                                  double emaDecay, int checkpointEvery, long seed, WorldVariant world, Path init) {
    public static BaseTrainingOptions defaults(Path workDir, Path outDir) {
        return new BaseTrainingOptions(BuiltinConfig.standard(), workDir, outDir, 2000, 32, 1e-3, 20000, 8000, 32,
                5e-4, 0.1, 0.999, 250, 0, WorldVariant.STANDARD, null);
    }
}
