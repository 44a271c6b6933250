package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

/** An ε-prediction network: the noise in x_t at timestep t given the prompt embedding, for a batch. */
public interface Denoiser {
    NDArray predictNoise(NDArray xt, int timestep, PromptEmbedding embedding);
}
