package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * What a text encoder gives the denoiser for a batch of prompts: token-level states (B, T, D) and a pooled vector
 * (B, P). The unconditional input for classifier-free guidance is the embedding of the empty prompt.
 */
public record PromptEmbedding(NDArray tokens, NDArray pooled) {
    public long batch() {
        return tokens.getShape().get(0);
    }

    /** Stacks [this; other] along the batch axis, so cond and uncond share one denoiser call. */
    public PromptEmbedding concat(PromptEmbedding other) {
        return new PromptEmbedding(tokens.concat(other.tokens, 0), pooled.concat(other.pooled, 0));
    }

    /** Items [from, to) of the batch. */
    public PromptEmbedding slice(int from, int to) {
        String range = from + ":" + to;
        return new PromptEmbedding(tokens.get(range), pooled.get(range));
    }
}
