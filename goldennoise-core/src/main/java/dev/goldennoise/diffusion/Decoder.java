package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

/** Latents (B, C, h, w) to images (B, 3, H, W) with values in [-1, 1]. */
public interface Decoder {
    NDArray decode(NDArray latents);
}
