package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PairedComparisonTest {
    @Test
    void signTestMatchesHandComputedBinomialTails() {
        // 8 wins, 2 losses: 2·(C(10,0)+C(10,1)+C(10,2))/2^10 = 2·56/1024
        assertEquals(112.0 / 1024, SignTest.pValue(8, 2), 1e-12);
        // 5 wins, 5 losses: the two tails overlap, capped at 1
        assertEquals(1.0, SignTest.pValue(5, 5), 1e-12);
        // 10 wins, 0 losses: 2/1024
        assertEquals(2.0 / 1024, SignTest.pValue(10, 0), 1e-12);
        assertEquals(1.0, SignTest.pValue(0, 0));
        // large n stays finite: 600 wins, 400 losses is far beyond chance
        double p = SignTest.pValue(600, 400);
        assertEquals(true, p > 0 && p < 1e-9, "p = " + p);
    }

    @Test
    void wilsonIntervalMatchesPublishedValues() {
        // 8 of 10: (0.4902, 0.9433), as in tables of the Wilson interval at z = 1.96
        WilsonInterval w = WilsonInterval.of(8, 10);
        assertEquals(0.4902, w.low(), 1e-4);
        assertEquals(0.9433, w.high(), 1e-4);
        // 0 of 20 still has a non-zero upper bound: z²/(n+z²) = 3.8415/23.8415
        WilsonInterval zero = WilsonInterval.of(0, 20);
        assertEquals(0.0, zero.low(), 1e-12);
        assertEquals(3.841459 / 23.841459, zero.high(), 1e-5);
    }

    @Test
    void countsWinsTiesAndLossesInTheMetricsDirection() {
        double[] s = {1, 2, 3, 4, 5};
        double[] b = {0, 2, 4, 3, 5};
        PairedComparison up = PairedComparison.of(s, b, true);
        assertEquals(2, up.wins());
        assertEquals(2, up.ties());
        assertEquals(1, up.losses());
        assertEquals(0.4, up.winRate(), 1e-12);
        assertEquals(0.2, up.meanDifference(), 1e-12);
        PairedComparison down = PairedComparison.of(s, b, false);
        assertEquals(1, down.wins());
        assertEquals(2, down.losses());
    }

    @Test
    void identicalStrategiesTieEverywhere() {
        double[] s = {0.3, 0.7, 0.1};
        PairedComparison c = PairedComparison.of(s, s.clone(), true);
        assertEquals(0, c.wins());
        assertEquals(3, c.ties());
        assertEquals(1.0, c.pValue());
        assertEquals(0.5, c.winRateTiesHalf(), 1e-12);
    }
}
