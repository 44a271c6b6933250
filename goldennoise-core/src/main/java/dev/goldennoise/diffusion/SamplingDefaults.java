package dev.goldennoise.diffusion;

/** The sampler settings the project's commands and measurements use unless told otherwise. */
public final class SamplingDefaults {
    /** DDIM steps; with CFG below, chosen by the checker sweep in the README (`check --steps 10,20 --cfg 3,5,7.5`). */
    public static final int STEPS = 20;
    /** Classifier-free guidance scale. */
    public static final double CFG = 7.5;

    private SamplingDefaults() {}
}
