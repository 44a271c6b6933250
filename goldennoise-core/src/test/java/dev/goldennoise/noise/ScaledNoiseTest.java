package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScaledNoiseTest {
    /** A context that builds nothing: scale needs no model, scorer or weights. */
    private static final StrategyContext NO_CONTEXT = new StrategyContext(20, 7.5, () -> null, null, null, null);

    @Test
    void scalesTheNoiseAndNamesItsFactor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(1L, 2L), new Shape(4, 3, 3));
            NoiseStrategy s = NoiseStrategies.byName("scale:s=0.714", NO_CONTEXT);
            float[] want = xT.toFloatArray();
            for (int i = 0; i < want.length; i++) {
                want[i] *= 0.714f;
            }
            assertArrayEquals(want, s.apply(xT, null, null).toFloatArray(), 1e-6f);
            assertEquals("scale:s=0.714", s.name());
            assertEquals(0, s.extraDenoiserCalls());
        }
    }

    @Test
    void renormPutsEachOutputBackOnItsInputsSphere() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(3L, 4L), new Shape(4, 3, 3));
            NoiseStrategy s = NoiseStrategies.byName("scale:s=0.5:renorm", NO_CONTEXT);
            assertEquals("scale:s=0.5:renorm", s.name());
            float[] out = s.apply(xT, null, null).toFloatArray();
            assertArrayEquals(xT.toFloatArray(), out, 1e-5f, "a pure shrink, renormalised, is the identity");
            assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName(":renorm", NO_CONTEXT));
        }
    }

    @Test
    void badFactorsAreRefused() {
        for (String bad : List.of("scale:s=0", "scale:s=-1", "scale:s=NaN", "scale:s=x", "scale:t=1")) {
            assertThrows(IllegalArgumentException.class, () -> NoiseStrategies.byName(bad, NO_CONTEXT), bad);
        }
    }
}
