package dev.goldennoise.diffusion;

import ai.djl.ndarray.types.Shape;

/**
 * A text-to-image latent diffusion model as the rest of goldennoise sees it: the three networks, the latent shape
 * of one image, the training noise schedule, and a name that manifests and reports record.
 */
public record DiffusionModel(String name, TextEncoder textEncoder, Denoiser denoiser, Decoder decoder,
                             Shape latentShape, NoiseSchedule schedule) {}
