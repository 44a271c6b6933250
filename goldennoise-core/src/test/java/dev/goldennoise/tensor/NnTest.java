package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NnTest {
    @Test
    void groupNormMatchesDefinition() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = Seeds.gaussian(3, 2 * 4 * 3 * 3);
            NDArray x = m.create(v, new Shape(2, 4, 3, 3));
            NDArray gamma = m.create(new float[] {1, 2, 0.5f, -1});
            NDArray beta = m.create(new float[] {0, 1, 0, 3});
            float[] y = Nn.groupNorm(x, 2, gamma, beta).toFloatArray();
            // by hand: groups of 2 channels × 9 pixels, population variance, eps 1e-5
            float[] g = gamma.toFloatArray();
            float[] b = beta.toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int grp = 0; grp < 2; grp++) {
                    int from = n * 36 + grp * 18;
                    double mean = 0;
                    for (int i = 0; i < 18; i++) {
                        mean += v[from + i];
                    }
                    mean /= 18;
                    double var = 0;
                    for (int i = 0; i < 18; i++) {
                        var += (v[from + i] - mean) * (v[from + i] - mean);
                    }
                    var /= 18;
                    for (int i = 0; i < 18; i++) {
                        int c = grp * 2 + i / 9;
                        double expect = (v[from + i] - mean) / Math.sqrt(var + 1e-5) * g[c] + b[c];
                        assertEquals(expect, y[from + i], 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void attentionWithOneKeyReturnsItsValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(Seeds.gaussian(1, 2 * 5 * 8), new Shape(2, 5, 8));
            NDArray k = m.create(Seeds.gaussian(2, 2 * 8), new Shape(2, 1, 8));
            NDArray v = m.create(Seeds.gaussian(3, 2 * 8), new Shape(2, 1, 8));
            NDArray out = Nn.attention(q, k, v, 2);
            assertEquals(new Shape(2, 5, 8), out.getShape());
            float[] o = out.toFloatArray();
            float[] vv = v.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 5; i++) {
                    for (int c = 0; c < 8; c++) {
                        assertEquals(vv[b * 8 + c], o[(b * 5 + i) * 8 + c], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void upsampleRepeatsEachPixelTwiceEachWay() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            float[] y = Nn.upsample2x(x).toFloatArray();
            assertEquals(16, y.length);
            float[] expect = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
            for (int i = 0; i < 16; i++) {
                assertEquals(expect[i], y[i]);
            }
        }
    }
}
