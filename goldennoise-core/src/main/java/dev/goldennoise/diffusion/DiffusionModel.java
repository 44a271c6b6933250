package dev.goldennoise.diffusion;

import ai.djl.ndarray.types.Shape;

/**
 * A text-to-image latent diffusion model as the rest of goldennoise sees it: the three networks, the latent shape
 * of one image, how its samplers choose timesteps (the training noise schedule among them), and a name that
 * manifests and reports record. {@code differentiable} says whether gradients flow through the networks (the
 * built-in model's do; an ONNX export's do not), which strategies that optimise the noise through the sampler need.
 */
public record DiffusionModel(String name, TextEncoder textEncoder, Denoiser denoiser, Decoder decoder,
                             Shape latentShape, SchedulerSettings scheduler, boolean differentiable) {
    /** A model with Stable Diffusion's timestep settings over {@code schedule}. */
    public DiffusionModel(String name, TextEncoder textEncoder, Denoiser denoiser, Decoder decoder, Shape latentShape,
                          NoiseSchedule schedule, boolean differentiable) {
        this(name, textEncoder, denoiser, decoder, latentShape, SchedulerSettings.standard(schedule), differentiable);
    }

    /** A model gradients cannot flow through, with Stable Diffusion's timestep settings. */
    public DiffusionModel(String name, TextEncoder textEncoder, Denoiser denoiser, Decoder decoder, Shape latentShape,
                          NoiseSchedule schedule) {
        this(name, textEncoder, denoiser, decoder, latentShape, schedule, false);
    }

    public NoiseSchedule schedule() {
        return scheduler.schedule();
    }

    /** DDIM with this model's own timestep settings. */
    public DdimScheduler ddim(int steps) {
        return scheduler.ddim(steps);
    }
}
