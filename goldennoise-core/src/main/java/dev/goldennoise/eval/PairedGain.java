package dev.goldennoise.eval;

/**
 * The mean paired gain of a strategy over the baseline on one metric (strategy minus baseline, averaged over the
 * shared items) with a 95% interval. For a 0/1 metric such as the checker's verdict the gain is a difference of
 * paired proportions and the interval is Newcombe's hybrid score interval (his method 10, built from the two Wilson
 * intervals and the pairs' correlation): unlike the Wald interval it keeps its coverage when few pairs are
 * discordant, which is the usual case when two noises mostly agree. For any other metric it is the normal interval
 * of the mean difference.
 *
 * @param binary whether every score was 0 or 1, so that {@link #gain} is a gain in accuracy
 */
public record PairedGain(double gain, double low, double high, boolean binary, int n) {
    private static final double Z95 = 1.959963984540054;

    public boolean above() {
        return low > 0;
    }

    public boolean below() {
        return high < 0;
    }

    /** The gain is expressed in the metric's own units; a lower-is-better metric's gain is baseline minus strategy. */
    public static PairedGain of(double[] strategy, double[] baseline, boolean higherIsBetter) {
        if (strategy.length != baseline.length) {
            throw new IllegalArgumentException("paired scores differ in length: " + strategy.length + " vs " + baseline.length);
        }
        int n = strategy.length;
        if (n == 0) {
            return new PairedGain(0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0);
        }
        double sign = higherIsBetter ? 1 : -1;
        if (isBinary(strategy) && isBinary(baseline)) {
            int both = 0;
            int onlyStrategy = 0;
            int onlyBaseline = 0;
            for (int i = 0; i < n; i++) {
                boolean s = strategy[i] == 1;
                boolean b = baseline[i] == 1;
                both += s && b ? 1 : 0;
                onlyStrategy += s && !b ? 1 : 0;
                onlyBaseline += !s && b ? 1 : 0;
            }
            PairedGain g = newcombe(both, onlyStrategy, onlyBaseline, n - both - onlyStrategy - onlyBaseline);
            return higherIsBetter ? g : new PairedGain(-g.gain, -g.high, -g.low, true, n);
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += sign * (strategy[i] - baseline[i]);
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = sign * (strategy[i] - baseline[i]) - mean;
            ss += d * d;
        }
        double half = n > 1 ? Z95 * Math.sqrt(ss / (n - 1) / n) : Double.POSITIVE_INFINITY;
        return new PairedGain(mean, mean - half, mean + half, false, n);
    }

    /**
     * Newcombe's interval for p1 − p2 from a paired 2×2 table: a = both correct, b = only the strategy, c = only the
     * baseline, d = neither.
     */
    static PairedGain newcombe(int a, int b, int c, int d) {
        int n = a + b + c + d;
        double p1 = (double) (a + b) / n;
        double p2 = (double) (a + c) / n;
        WilsonInterval w1 = WilsonInterval.of(a + b, n);
        WilsonInterval w2 = WilsonInterval.of(a + c, n);
        double denominator = Math.sqrt((double) (a + b) * (c + d) * (a + c) * (b + d));
        double phi = denominator == 0 ? 0 : ((double) a * d - (double) b * c) / denominator;
        double delta = p1 - p2;
        double lowSpread = sq(p1 - w1.low()) - 2 * phi * (p1 - w1.low()) * (w2.high() - p2) + sq(w2.high() - p2);
        double highSpread = sq(w1.high() - p1) - 2 * phi * (w1.high() - p1) * (p2 - w2.low()) + sq(p2 - w2.low());
        double low = Math.max(-1, delta - Math.sqrt(Math.max(0, lowSpread)));
        double high = Math.min(1, delta + Math.sqrt(Math.max(0, highSpread)));
        return new PairedGain(delta, low, high, true, n);
    }

    private static boolean isBinary(double[] v) {
        for (double x : v) {
            if (x != 0 && x != 1) {
                return false;
            }
        }
        return true;
    }

    private static double sq(double x) {
        return x * x;
    }
}
