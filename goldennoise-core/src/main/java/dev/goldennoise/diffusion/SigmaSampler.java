package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.tensor.Scalars;

/**
 * Euler and DPM-Solver++ 2M on the probability-flow ODE in σ-space (x = x_0 + σ·ε, σ_t = √((1 − ᾱ_t)/ᾱ_t)), as
 * k-diffusion writes them; the last step goes to σ = 0. The same x_T as DDIM's enters as x_T·√(1 + σ_0²), and the
 * denoiser sees x/√(1 + σ²), which is exactly DDIM's x_t, so one initial noise means one image across samplers, and
 * Euler over the same timesteps is DDIM with a final ᾱ of 1. DPM-Solver++ 2M corrects each step with the previous
 * step's prediction of x_0 (a second-order multistep method), which is why it needs fewer steps.
 */
final class SigmaSampler implements Sampler {
    private final CfgSampler guide;
    private final int[] timesteps;
    private final double[] sigmas;
    private final boolean secondOrder;

    SigmaSampler(CfgSampler guide, NoiseSchedule schedule, int[] timesteps, boolean secondOrder) {
        this.guide = guide;
        this.timesteps = timesteps.clone();
        this.sigmas = new double[timesteps.length + 1];
        for (int i = 0; i < timesteps.length; i++) {
            sigmas[i] = sigma(schedule, timesteps[i]);
        }
        this.secondOrder = secondOrder;
    }

    static double sigma(NoiseSchedule schedule, int t) {
        double a = schedule.alphaCumprod(t);
        return Math.sqrt((1 - a) / a);
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public NDArray sample(NDArray xT, PromptEmbedding cond, PromptEmbedding uncond, double cfg) {
        NDManager outer = xT.getManager();
        NDArray x = Scalars.times(xT, Math.sqrt(1 + sigmas[0] * sigmas[0]));
        NDArray previous = null;
        double previousH = 0;
        for (int i = 0; i < timesteps.length; i++) {
            double s = sigmas[i];
            double next = sigmas[i + 1];
            try (NDManager step = outer.newSubManager()) {
                x.attach(step);
                NDArray eps = guide.guidedNoise(Scalars.over(x, Math.sqrt(1 + s * s)), timesteps[i], cond, uncond, cfg);
                NDArray denoised = x.sub(Scalars.times(eps, s));
                NDArray moved;
                double h = next == 0 ? Double.POSITIVE_INFINITY : Math.log(s / next);
                if (next == 0) {
                    moved = denoised;
                } else if (!secondOrder) {
                    moved = denoised.add(Scalars.times(eps, next));
                } else {
                    NDArray d = denoised;
                    if (previous != null) {
                        double r = previousH / h;
                        d = Scalars.times(denoised, 1 + 1 / (2 * r)).sub(Scalars.times(previous, 1 / (2 * r)));
                    }
                    moved = Scalars.times(x, next / s).sub(Scalars.times(d, Math.expm1(-h)));
                }
                moved.attach(outer);
                if (secondOrder) {
                    if (previous != null) {
                        previous.close();
                    }
                    denoised.attach(outer);
                    previous = denoised;
                    previousH = h;
                }
                x = moved;
            }
        }
        if (previous != null && previous != x) {
            previous.close();
        }
        return x;
    }
}
