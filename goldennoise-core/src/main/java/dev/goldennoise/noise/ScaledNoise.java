package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.tensor.Scalars;

/**
 * x_T times a constant: the "temperature" of the initial noise, {@code scale:s=0.7}. It is the control for any student
 * whose output is shrunk toward zero: an MSE student of a neighbourhood-search teacher learns E[√(1−λ²)·x_T + λ·z | x_T]
 * = √(1−λ²)·x_T plus a small correction, so its gain must be compared with what the shrinking alone does.
 */
public final class ScaledNoise implements NoiseStrategy {
    public static final String NAME = "scale";
    private final double s;

    public ScaledNoise(double s) {
        if (!(s > 0 && s <= 4)) {
            throw new IllegalArgumentException("scale:s must be above 0 and at most 4, got " + s);
        }
        this.s = s;
    }

    /** {@code scale:s=0.7} (s defaults to 1, which changes nothing). */
    public static ScaledNoise parse(String spec) {
        double s = 1;
        String[] parts = spec.split(":");
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2 || !kv[0].equals("s")) {
                throw new IllegalArgumentException("unknown option '" + parts[i] + "' of scale; use scale:s=0.7");
            }
            try {
                s = Double.parseDouble(kv[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scale:s must be a number, got '" + kv[1] + "'");
            }
        }
        return new ScaledNoise(s);
    }

    @Override
    public String name() {
        return NAME + ":s=" + StrategyOptions.format(s);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        return Scalars.times(xT, s);
    }

    @Override
    public int extraDenoiserCalls() {
        return 0;
    }
}
