package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZigzagNoiseTest {
    @Test
    void cyclesAreRepeatedRedenoiseSteps() {
        List<String> prompts = List.of("a red circle", "two blue squares");
        List<Long> seeds = List.of(3L, 4L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", ""), root));
            NDArray xT = Seeds.noise(root, seeds, model.latentShape());
            RedenoiseSettings step = new RedenoiseSettings(5.5, 0.0, 10, InversionConvention.EXACT);
            RedenoiseNoise once = new RedenoiseNoise(step);
            assertEquals(xT, new ZigzagNoise(new ZigzagNoise.Settings(0, step)).apply(xT, batch, model));
            float[] one = new ZigzagNoise(new ZigzagNoise.Settings(1, step)).apply(xT, batch, model).toFloatArray();
            assertArrayEquals(once.apply(xT, batch, model).toFloatArray(), one, 1e-6f);
            float[] two = new ZigzagNoise(new ZigzagNoise.Settings(2, step)).apply(xT, batch, model).toFloatArray();
            assertArrayEquals(once.apply(once.apply(xT, batch, model), batch, model).toFloatArray(), two, 1e-5f);
            assertTrue(maxDiff(one, two) > 1e-4, "a second cycle moves the noise again");
        }
    }

    @Test
    void optionsParseWithRedenoisesKeysAndCostFourCallsACycle() {
        ZigzagNoise.Settings s = ZigzagNoise.Settings.parse("zigzag:ww=1:cycles=5");
        assertEquals(5, s.cycles());
        assertEquals(1.0, s.step().inversionCfg());
        assertEquals("zigzag:cycles=5:wl=5.5:ww=1:steps=10:inversion=exact", s.spec());
        assertEquals(s, ZigzagNoise.Settings.parse(s.spec()));
        assertEquals(ZigzagNoise.Settings.DEFAULTS, ZigzagNoise.Settings.parse("zigzag"));
        assertEquals(4, new ZigzagNoise(ZigzagNoise.Settings.DEFAULTS).extraDenoiserCalls());
        for (String bad : List.of("zigzag:cycles=-1", "zigzag:cycles=101", "zigzag:wl=NaN", "zigzag:steps=1", "zigzag:k=2", "zigzag:cycles")) {
            assertThrows(IllegalArgumentException.class, () -> ZigzagNoise.Settings.parse(bad), bad);
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
