package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.DiffusionModel;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns the initial noises x_T of a batch into the noises the sampler starts from. Standard sampling leaves them
 * alone; golden-noise strategies move them toward noises that give images closer to the prompt. The base model and
 * the sampler are untouched: a strategy only replaces x_T.
 */
public interface NoiseStrategy {
    /** The name written to manifests and reports (the value of {@code --noise}). */
    String name();

    /**
     * @param xT initial noises (B, C, H, W), one per (prompt, seed) of {@code batch}
     * @return noises of the same shape, attached to the manager of {@code xT}
     */
    NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model);

    /** Denoiser evaluations per image this strategy adds before sampling (for cost accounting). */
    int extraDenoiserCalls();

    /**
     * The weight files this strategy's noises depend on (NPNet weights, the scorer a search ranks with), so that a
     * cache of its images can notice when one of them changes.
     */
    default List<Path> weightFiles() {
        return List.of();
    }
}
