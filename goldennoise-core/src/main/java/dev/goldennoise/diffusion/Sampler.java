package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

/** A deterministic sampler with classifier-free guidance: initial noise x_T in, clean latent x_0 out. */
public interface Sampler {
    NDArray sample(NDArray xT, PromptEmbedding cond, PromptEmbedding uncond, double cfg);

    /** Its timesteps, noisiest first: one guided denoiser evaluation each. */
    int[] timesteps();

    /** DDIM over any {@link DdimScheduler}, a lookahead's among them, with the model's denoiser. */
    static Sampler ddim(DiffusionModel model, DdimScheduler scheduler) {
        return new DdimSampler(new CfgSampler(model.denoiser()), scheduler);
    }
}
