package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;

/**
 * A network that maps initial noises x_T (B, C, H, W) and their prompts' token embeddings (B, T, D) to golden
 * noises in one pass: goldennoise's own {@link Npnet}, or the released official NPNet
 * ({@code npnet.official.OfficialNpnet}).
 */
public interface GoldenNoiseNet extends AutoCloseable {
    NDArray forward(NDArray xT, NDArray text);

    @Override
    void close();
}
