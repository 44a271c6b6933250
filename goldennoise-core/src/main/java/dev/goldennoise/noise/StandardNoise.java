package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.DiffusionModel;

/** The baseline: sample from x_T as drawn. */
public final class StandardNoise implements NoiseStrategy {
    @Override
    public String name() {
        return "standard";
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        return xT;
    }

    @Override
    public int extraDenoiserCalls() {
        return 0;
    }
}
