package dev.goldennoise.diffusion;

/** The samplers goldennoise runs, by the names diffusers users know them by. */
public enum SamplerKind {
    /** DDIM with η = 0 (diffusers' DDIMScheduler). */
    DDIM("ddim"),
    /** Euler on the probability-flow ODE in σ-space (diffusers' EulerDiscreteScheduler, k-diffusion's sample_euler). */
    EULER("euler"),
    /** DPM-Solver++ 2M, second-order multistep (diffusers' DPMSolverMultistepScheduler, k-diffusion's dpmpp_2m). */
    DPMPP_2M("dpmpp-2m");

    private final String key;

    SamplerKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static SamplerKind parse(String s) {
        for (SamplerKind k : values()) {
            if (k.key.equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + s + "'; use ddim, euler or dpmpp-2m");
    }
}
