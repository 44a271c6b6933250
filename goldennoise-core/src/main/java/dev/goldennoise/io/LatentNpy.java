package dev.goldennoise.io;

import dev.goldennoise.tensor.Npy;
import dev.goldennoise.tensor.NpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One latent (an initial noise x_T or a golden noise) as a NumPy {@code .npy} file, shaped (1, C, H, W) in float32,
 * which is what diffusers' {@code pipe(..., latents=torch.from_numpy(np.load(f)))} takes. Reading also accepts
 * (C, H, W) and float16 or float64, as Python tools save them, but nothing that is not this model's latent shape.
 */
public final class LatentNpy {
    private LatentNpy() {}

    /** Writes atomically (Npy does); {@code latent} is (C, H, W), {@code values} C·H·W in C order. */
    public static void write(Path file, long[] latent, float[] values) throws IOException {
        Npy.write(file, NpyArray.ofFloats(batched(latent), values));
    }

    /**
     * The C·H·W values of a latent file written for a model whose latents are {@code latent} (C, H, W); a file of
     * another shape, an integer dtype, or a NaN or infinite value is refused with a one-line message naming it.
     */
    public static float[] read(Path file, long[] latent) throws IOException {
        NpyArray a = Npy.read(file); // refuses NaN and infinities itself
        if (!a.dtype().startsWith("<f")) {
            throw new IOException(file + " holds " + a.dtype() + " values; a latent is float32 (or float16, float64)");
        }
        long[] s = a.shape();
        long[] batched = batched(latent);
        if (!Arrays.equals(s, latent) && !Arrays.equals(s, batched)) {
            throw new IOException(file + " has shape " + Npy.shapeText(s) + "; this model's latent is " + Npy.shapeText(batched)
                    + " (or " + Npy.shapeText(latent) + ")");
        }
        return a.asFloats();
    }

    /** (C, H, W) → (1, C, H, W): a batch of one, as diffusers' latents are shaped. */
    private static long[] batched(long[] latent) {
        long[] shape = new long[latent.length + 1];
        shape[0] = 1;
        System.arraycopy(latent, 0, shape, 1, latent.length);
        return shape;
    }
}
