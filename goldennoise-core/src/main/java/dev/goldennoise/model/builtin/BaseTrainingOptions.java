package dev.goldennoise.model.builtin;

import java.nio.file.Path;

/**
 * Settings of one {@code train-base} run. The work folder holds checkpoints and the latent cache, so a stopped run
 * resumes from it; the output folder receives the finished weights and card.
 */
public record BaseTrainingOptions(BuiltinConfig config, Path workDir, Path outDir, int aeSteps, int aeBatch, double aeLr,
                                  int latentCacheSize, int unetSteps, int unetBatch, double unetLr, double promptDropout,
                                  double emaDecay, int checkpointEvery, long seed) {
    public static BaseTrainingOptions defaults(Path workDir, Path outDir) {
        return new BaseTrainingOptions(BuiltinConfig.standard(), workDir, outDir, 2000, 32, 1e-3, 20000, 8000, 32,
                5e-4, 0.1, 0.999, 250, 0);
    }
}
