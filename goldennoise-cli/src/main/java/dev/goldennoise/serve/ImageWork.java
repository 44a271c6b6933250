package dev.goldennoise.serve;

import dev.goldennoise.noise.NoiseStrategy;

/** One image for the denoiser: requests with the same steps and guidance can share a batch, whatever their noise. */
public record ImageWork(String prompt, long seed, int steps, double cfg, NoiseStrategy strategy) {
    /** What a batch must share. */
    public Object batchKey() {
        return steps + "/" + cfg;
    }
}
