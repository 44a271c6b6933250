package dev.goldennoise.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamWTest {
    /** One step on loss = sum(w) for every parameter: Adam's first step moves each weight by exactly its rate. */
    private static void stepOnSum(ParameterSet p, AdamW adam, double lr) {
        p.requireGradients(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (NDArray w : p.all().values()) {
                loss = loss == null ? w.sum() : loss.add(w.sum());
            }
            gc.backward(loss);
        }
        adam.update(lr);
    }

    @Test
    void aScaledPrefixLearnsAtItsOwnRate() {
        try (NDManager m = NDManager.newBaseManager(); ParameterSet p = new ParameterSet(m, 1)) {
            p.constant("den.conv.w", new Shape(3), 1f);
            p.constant("den_head.w", new Shape(3), 1f);
            p.constant("alpha", new Shape(1), 1f);
            AdamW adam = new AdamW(p, 0.0).scaleLearningRate("den.", 0.1);
            stepOnSum(p, adam, 0.5);
            // "den_head." does not start with "den.", so the output layer keeps the full rate
            assertArrayEquals(new float[] {0.95f, 0.95f, 0.95f}, p.get("den.conv.w").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.get("den_head.w").toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.5f}, p.get("alpha").toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> adam.scaleLearningRate("x", 0));
            assertThrows(IllegalArgumentException.class, () -> adam.scaleLearningRate("x", Double.NaN));
        }
    }
}
