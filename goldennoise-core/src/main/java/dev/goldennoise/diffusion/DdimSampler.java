package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

/** DDIM (η = 0) as a {@link Sampler}. */
final class DdimSampler implements Sampler {
    private final CfgSampler guide;
    private final DdimScheduler scheduler;

    DdimSampler(CfgSampler guide, DdimScheduler scheduler) {
        this.guide = guide;
        this.scheduler = scheduler;
    }

    @Override
    public NDArray sample(NDArray xT, PromptEmbedding cond, PromptEmbedding uncond, double cfg) {
        return guide.sample(xT, scheduler, cond, uncond, cfg);
    }

    @Override
    public int[] timesteps() {
        return scheduler.timesteps();
    }
}
