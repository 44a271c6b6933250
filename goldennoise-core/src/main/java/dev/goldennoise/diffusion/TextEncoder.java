package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDManager;

import java.util.List;

/** Prompts to token-level embeddings. The empty string is the unconditional prompt. */
public interface TextEncoder {
    PromptEmbedding encode(List<String> prompts, NDManager manager);

    /** Token count T and width D of {@link PromptEmbedding#tokens()}. */
    int tokens();

    int width();
}
