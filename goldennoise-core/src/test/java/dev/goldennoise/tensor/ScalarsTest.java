package dev.goldennoise.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ScalarsTest {
    /** The gradient of sum(op(x, c)) when the collector runs, and frees memory, between the forward and backward pass. */
    private static float[] gradientAfterGc(BiFunction<NDArray, Double, NDArray> op, double c) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4});
            x.setRequiresGradient(true);
            GcPressure pressure = new GcPressure();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x, c).sum();
                for (int i = 0; i < 20; i++) {
                    pressure.round();
                }
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void theConstantOutlivesTheCollectorUntilTheBackwardPass() throws InterruptedException {
        assertArrayEquals(new float[] {3, 3, 3, 3}, gradientAfterGc(Scalars::times, 3.0), 0f);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, gradientAfterGc(Scalars::over, 4.0), 0f);
        // max(x, 2.5): the gradient passes only where x is above the constant
        assertArrayEquals(new float[] {0, 0, 1, 1}, gradientAfterGc(Scalars::atLeast, 2.5), 0f);
    }
}
