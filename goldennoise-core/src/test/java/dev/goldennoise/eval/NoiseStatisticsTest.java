package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseStatisticsTest {
    @Test
    void aStandardNormalSampleLooksNormalAndAShiftedOneDoesNot() {
        Random r = new Random(1);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        NoiseStatistics s = NoiseStatistics.of(x);
        assertEquals(0, s.mean(), 0.05);
        assertEquals(1, s.variance(), 0.08);
        assertTrue(s.ksStatistic() < 0.03, "D " + s.ksStatistic());
        float[] shifted = x.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5f;
        }
        assertTrue(NoiseStatistics.of(shifted).ksStatistic() > 0.15);
    }

    @Test
    void singularValuesOfADiagonalChannelAreItsEntriesInOrder() {
        float[] x = new float[2 * 3 * 3];
        x[0] = 1;
        x[4] = 3;
        x[8] = -2; // channel 0: diag(1, 3, -2)
        x[9] = 5; // channel 1: a single 5 in the corner
        double[][] s = NoiseStatistics.singularValues(x, 2, 3, 3);
        assertArrayEquals(new double[] {3, 2, 1}, s[0], 1e-9);
        assertArrayEquals(new double[] {5, 0, 0}, s[1], 1e-9);
    }

    @Test
    void changesAreSummedOverItems() {
        NoiseChanges ch = new NoiseChanges(1, 4, 4);
        float[] before = new float[16];
        float[] after = new float[16];
        before[0] = 2;
        after[0] = 3; // Δ = 1 at the top-left corner
        ch.add(before, after, "single");
        ch.add(before, before.clone(), "single");
        assertEquals(2, ch.items());
        assertEquals(0.5 * 1 / 2, ch.meanRelativeMove(), 1e-12, "‖Δ‖/‖x‖ is 1/2 once, 0 once");
        assertEquals(0.5, ch.meanAbsDelta().get("single")[0], 1e-12);
        double[] spectrum = ch.meanSpectrum();
        double sum = 0;
        for (double v : spectrum) {
            sum += v;
        }
        assertEquals(0.5, sum, 1e-9, "mean energy of Δ over the two items");
    }
}
