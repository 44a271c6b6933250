package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Random;

/**
 * Initial noises made in Java from the seed alone, so that an image depends only on its seed, never on which batch
 * it was sampled in or on the native library's generator. {@link NoiseRng} chooses between these and torch's.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * A seed derived from a seed and a stream number (SplitMix64 of both): java.util.Random gives near-identical first
     * draws for nearby seeds, so derived seeds go through this mixer rather than seed + k.
     */
    public static long mix(long seed, int k) {
        long z = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static float[] gaussian(long seed, int count) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** A batch (B, C, H, W) of standard-normal noises, one per seed ({@link NoiseRng#JAVA}). */
    public static NDArray noise(NDManager manager, List<Long> seeds, Shape latent) {
        return NoiseRng.JAVA.noise(manager, seeds, latent);
    }
}
