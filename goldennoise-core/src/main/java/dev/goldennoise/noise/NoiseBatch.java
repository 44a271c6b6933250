package dev.goldennoise.noise;

import dev.goldennoise.diffusion.PromptEmbedding;

import java.util.List;

/**
 * What a strategy may know about the batch whose noises it changes: the prompts and seeds the initial noises came
 * from, and their embeddings (the empty prompt's for {@code uncond}), all of batch B.
 */
public record NoiseBatch(List<String> prompts, List<Long> seeds, PromptEmbedding cond, PromptEmbedding uncond) {
    public int size() {
        return prompts.size();
    }
}
