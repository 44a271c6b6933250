package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseSpectrumTest {
    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** A cosine wave along x with k periods across a width of w, on every row of every channel. */
    private static float[] wave(int channels, int h, int w, int k) {
        float[] x = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    x[(c * h + y) * w + xx] = (float) Math.cos(2 * Math.PI * k * xx / w);
                }
            }
        }
        return x;
    }

    private static double energy(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return e;
    }

    @Test
    void theSpectrumSumsToTheEnergy() {
        for (int[] shape : new int[][] {{4, 16, 16}, {3, 12, 10}, {1, 7, 5}}) {
            float[] x = random(shape[0] * shape[1] * shape[2], 3);
            double[] bins = NoiseSpectrum.radial(x, shape[0], shape[1], shape[2]);
            double sum = 0;
            for (double b : bins) {
                sum += b;
            }
            assertEquals(energy(x), sum, 1e-6 * energy(x), "Parseval on " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void aWaveLandsInTheBinOfItsFrequency() {
        double[] bins = NoiseSpectrum.radial(wave(2, 16, 16, 3), 2, 16, 16);
        double total = energy(wave(2, 16, 16, 3));
        assertEquals(total, bins[3], 1e-6 * total);
        assertEquals(1.0, NoiseSpectrum.shareBelow(bins, 3), 1e-9);
        assertEquals(0.0, NoiseSpectrum.shareBelow(bins, 2), 1e-9);
    }

    @Test
    void theLowPassKeepsSlowWavesAndRemovesFastOnes() {
        float[] slow = wave(1, 16, 16, 1);
        float[] fast = wave(1, 16, 16, 6);
        assertArrayEquals(slow, NoiseSpectrum.lowPass(slow, 1, 16, 16, 2), 1e-5f);
        float[] gone = NoiseSpectrum.lowPass(fast, 1, 16, 16, 2);
        assertTrue(energy(gone) < 1e-8, "energy left " + energy(gone));
        float[] both = new float[slow.length];
        for (int i = 0; i < both.length; i++) {
            both[i] = slow[i] + fast[i];
        }
        assertArrayEquals(slow, NoiseSpectrum.lowPass(both, 1, 16, 16, 2), 1e-5f);
    }

    @Test
    void whiteNoiseSharesMatchTheCountOfFrequencies() {
        // 16×16: radius ≤ 2 holds (0,0), 4 at distance 1, 4 at √2, 4 at 2, and 8 at √5 ≈ 2.24 round to 2: 21 of 256
        assertEquals(21 / 256.0, NoiseSpectrum.whiteShare(16, 16, 2), 1e-12);
    }
}
