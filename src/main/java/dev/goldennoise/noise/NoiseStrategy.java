package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;

/**
 * Turns the initial noises x_T of a batch into the noises the sampler starts from. Standard sampling leaves them
 * alone; golden-noise strategies move them toward noises that give images closer to the prompt.
 */
public interface NoiseStrategy {
    /** The name written to manifests and reports (the value of {@code --noise}). */
    String name();

    /**
     * @param xT     initial noises (B, C, H, W), one per (prompt, seed)
     * @param cond   the prompts' embeddings, batch B
     * @param uncond the empty prompt's embedding, batch B
     */
    NDArray apply(NDArray xT, PromptEmbedding cond, PromptEmbedding uncond, DiffusionModel model);

    /** Denoiser evaluations per image this strategy adds before sampling (for cost accounting). */
    int extraDenoiserCalls();
}
