package dev.goldennoise.diffusion;

/**
 * The DDPM forward process: betas and cumulative alphas over the training timesteps. Stable Diffusion's
 * "scaled_linear" schedule is linear in sqrt(beta).
 */
public final class NoiseSchedule {
    private final double[] alphasCumprod;

    private NoiseSchedule(double[] betas) {
        alphasCumprod = new double[betas.length];
        double prod = 1;
        for (int i = 0; i < betas.length; i++) {
            prod *= 1 - betas[i];
            alphasCumprod[i] = prod;
        }
    }

    /** Stable Diffusion's schedule: 1,000 steps, betas from 0.00085 to 0.012, linear in sqrt. */
    public static NoiseSchedule stableDiffusion() {
        return scaledLinear(1000, 0.00085, 0.012);
    }

    public static NoiseSchedule scaledLinear(int steps, double betaStart, double betaEnd) {
        double[] betas = new double[steps];
        double a = Math.sqrt(betaStart);
        double b = Math.sqrt(betaEnd);
        for (int i = 0; i < steps; i++) {
            double s = a + (b - a) * i / (steps - 1);
            betas[i] = s * s;
        }
        return new NoiseSchedule(betas);
    }

    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        double[] betas = new double[steps];
        for (int i = 0; i < steps; i++) {
            betas[i] = betaStart + (betaEnd - betaStart) * i / (steps - 1);
        }
        return new NoiseSchedule(betas);
    }

    public int trainSteps() {
        return alphasCumprod.length;
    }

    /** ᾱ_t, the fraction of signal variance left at timestep t. */
    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }
}
