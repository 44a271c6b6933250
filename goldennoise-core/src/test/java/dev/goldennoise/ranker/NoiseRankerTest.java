package dev.goldennoise.ranker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NoiseRankerTest {
    @Test
    void aPooledRankerSeesOnlyBlockMeans() {
        RankerConfig pooled = new RankerConfig(1, 4, 4, 2, 4, 4, 8, 1, 2);
        RankerConfig whole = new RankerConfig(1, 4, 4, 2, 4, 4, 8, 1, 1);
        Random r = new Random(3);
        float[] a = new float[16];
        for (int i = 0; i < 16; i++) {
            a[i] = (float) r.nextGaussian();
        }
        // b swaps the values inside every 2×2 block diagonally: the same block means, another noise
        float[] b = a.clone();
        for (int y = 0; y < 4; y += 2) {
            for (int x = 0; x < 4; x += 2) {
                b[y * 4 + x] = a[(y + 1) * 4 + x + 1];
                b[(y + 1) * 4 + x + 1] = a[y * 4 + x];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray both = m.create(concat(a, b), new Shape(2, 1, 4, 4));
            NDArray text = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0}, new Shape(2, 2, 4));
            try (NoiseRanker p = new NoiseRanker(pooled, m, 1); NoiseRanker w = new NoiseRanker(whole, m, 1)) {
                float[] fp = p.forward(both, text).toFloatArray();
                assertEquals(fp[0], fp[1], 1e-6f);
                float[] fw = w.forward(both, text).toFloatArray();
                assertNotEquals(fw[0], fw[1], 1e-6f);
                assertThrows(IllegalArgumentException.class, () -> p.forward(m.zeros(new Shape(2, 1, 8, 8)), text));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new RankerConfig(1, 4, 4, 2, 4, 4, 8, 1, 3));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
