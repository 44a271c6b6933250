package dev.goldennoise.cli;

import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.noise.ImagePipeline;
import picocli.CommandLine.Option;

/** Sampler settings shared by the commands that generate images. Defaults come from the measured sweep in the README. */
public final class SamplingOptions {
    public static final int DEFAULT_STEPS = 20;
    public static final double DEFAULT_CFG = 7.5;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "" + DEFAULT_STEPS, description = "DDIM steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--cfg", paramLabel = "W", defaultValue = "" + DEFAULT_CFG, description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}).")
    double cfg;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Images per denoiser batch (default: ${DEFAULT-VALUE}).")
    int batch;

    public ImagePipeline pipeline(DiffusionModel model) {
        return new ImagePipeline(model, steps, cfg, batch);
    }
}
