package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;

/**
 * Re-denoise sampling, the paper's way of making golden noise: one DDIM step from x_T at the first timestep t of an
 * N-step schedule with a high guidance scale ω_l, then one DDIM inversion step back with a low scale ω_w. The gap
 * ω_l − ω_w leaves the prompt's direction in the noise. As in the official code, the inversion's noise prediction
 * is made at the step's result x_{t−Δ} but with timestep t.
 */
public final class RedenoiseNoise implements NoiseStrategy {
    private final RedenoiseSettings settings;

    public RedenoiseNoise(RedenoiseSettings settings) {
        this.settings = settings;
    }

    public RedenoiseSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return settings.spec();
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        PromptEmbedding cond = batch.cond();
        PromptEmbedding uncond = batch.uncond();
        DdimScheduler ddim = model.ddim(settings.scheduleSteps());
        int[] ts = ddim.timesteps();
        int t = ts[0];
        int delta = ts[0] - ts[1];
        CfgSampler cfg = new CfgSampler(model.denoiser());
        NDManager outer = xT.getManager();
        try (NDManager scope = outer.newSubManager()) {
            xT.tempAttach(scope);
            NDArray epsL = cfg.guidedNoise(xT, t, cond, uncond, settings.denoiseCfg());
            NDArray down = ddim.step(xT, epsL, t, t - delta);
            NDArray epsW = cfg.guidedNoise(down, t, cond, uncond, settings.inversionCfg());
            NDArray golden = switch (settings.inversion()) {
                case EXACT -> ddim.invert(down, epsW, t - delta, t);
                case OFFICIAL -> ddim.invert(down, epsW, t - 2 * delta, t - delta);
            };
            golden.attach(outer);
            return golden;
        }
    }

    @Override
    public int extraDenoiserCalls() {
        return callsAt(settings.denoiseCfg()) + callsAt(settings.inversionCfg());
    }

    private static int callsAt(double cfg) {
        return cfg == 1.0 ? 1 : 2;
    }
}
