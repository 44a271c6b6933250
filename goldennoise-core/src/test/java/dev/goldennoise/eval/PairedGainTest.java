package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedGainTest {
    @Test
    void newcombeIntervalOfAHandWorkedTable() {
        // a = 40 both correct, b = 15 only the strategy, c = 5 only the baseline, d = 40 neither: gain 0.10; the limits
        // were worked through Newcombe's method-10 formula by hand (python3, Wilson limits of 55/100 and 45/100, phi 0.6030)
        PairedGain g = PairedGain.newcombe(40, 15, 5, 40);
        assertEquals(0.10, g.gain(), 1e-12);
        assertEquals(0.014526, g.low(), 1e-5);
        assertEquals(0.182233, g.high(), 1e-5);
        assertTrue(g.binary());
        assertTrue(g.above());
    }

    @Test
    void zeroOneScoresUseThePairedTableAndSwappingNegates() {
        double[] s = {1, 1, 1, 0, 0, 1, 0, 1};
        double[] b = {1, 0, 0, 0, 1, 1, 0, 0};
        PairedGain g = PairedGain.of(s, b, true);
        PairedGain back = PairedGain.of(b, s, true);
        assertTrue(g.binary());
        assertEquals(2.0 / 8, g.gain(), 1e-12, "5 of 8 correct against 3 of 8");
        assertEquals(-g.gain(), back.gain(), 1e-12);
        assertEquals(-g.low(), back.high(), 1e-12);
        assertEquals(-g.high(), back.low(), 1e-12);
        assertTrue(g.low() < g.gain() && g.gain() < g.high());
        assertTrue(g.low() >= -1 && g.high() <= 1);
    }

    @Test
    void identicalScoresGiveAZeroGainWhoseIntervalSpansZero() {
        double[] s = {1, 0, 1, 1, 0};
        PairedGain g = PairedGain.of(s, s.clone(), true);
        assertEquals(0, g.gain(), 0);
        assertFalse(g.above());
        assertFalse(g.below());
    }

    @Test
    void continuousScoresUseTheNormalIntervalOfTheMeanDifference() {
        double[] s = {0.5, 0.7, 0.9, 1.1};
        double[] b = {0.4, 0.4, 0.4, 0.4};
        // differences 0.1, 0.3, 0.5, 0.7: mean 0.4, sample sd sqrt(0.2/3), half-width 1.96 * sd / 2
        PairedGain g = PairedGain.of(s, b, true);
        assertFalse(g.binary());
        double half = 1.959963984540054 * Math.sqrt(0.2 / 3) / 2;
        assertEquals(0.4, g.gain(), 1e-12);
        assertEquals(0.4 - half, g.low(), 1e-12);
        assertEquals(0.4 + half, g.high(), 1e-12);
        PairedGain lower = PairedGain.of(s, b, false);
        assertEquals(-0.4, lower.gain(), 1e-12, "for a lower-is-better metric a higher score is a loss");
    }

    @Test
    void theIntervalCoversTheTrueGainAboutNinetyFivePercentOfTheTime() {
        // 200 items, p(both) 0.4, p(only strategy) 0.12, p(only baseline) 0.05: true gain 0.07
        SplittableRandom random = new SplittableRandom(7);
        int covered = 0;
        int runs = 2000;
        for (int r = 0; r < runs; r++) {
            double[] s = new double[200];
            double[] b = new double[200];
            for (int i = 0; i < 200; i++) {
                double u = random.nextDouble();
                s[i] = u < 0.52 ? 1 : 0;
                b[i] = u < 0.40 || (u >= 0.52 && u < 0.57) ? 1 : 0;
            }
            PairedGain g = PairedGain.of(s, b, true);
            covered += g.low() <= 0.07 && 0.07 <= g.high() ? 1 : 0;
        }
        double coverage = (double) covered / runs;
        assertTrue(coverage > 0.93 && coverage < 0.975, "coverage " + coverage);
    }
}
