package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.tensor.Scalars;

import java.nio.file.Path;
import java.util.List;

/**
 * Another strategy's noise, each sample rescaled to the norm of its own x_T: {@code NAME:renorm}, e.g.
 * {@code npnet:renorm}. An MSE student of a neighbourhood teacher shrinks x_T toward its conditional mean; putting its
 * output back on x_T's sphere keeps only the direction it learned, which separates a learned move from a colder
 * noise ({@code scale}).
 */
public final class RenormalizedNoise implements NoiseStrategy {
    public static final String SUFFIX = ":renorm";
    private final NoiseStrategy inner;

    public RenormalizedNoise(NoiseStrategy inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name() + SUFFIX;
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        NDArray moved = inner.apply(xT, batch, model);
        long b = xT.getShape().get(0);
        Shape perSample = new Shape(b, 1, 1, 1);
        NDArray from = xT.reshape(b, -1).norm(new int[] {1}).reshape(perSample);
        NDArray to = moved.reshape(b, -1).norm(new int[] {1}).reshape(perSample);
        return moved.mul(from.div(Scalars.atLeast(to, 1e-12f)));
    }

    @Override
    public int extraDenoiserCalls() {
        return inner.extraDenoiserCalls();
    }

    @Override
    public List<Path> weightFiles() {
        return inner.weightFiles();
    }
}
