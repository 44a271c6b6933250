package dev.goldennoise.eval;

/**
 * How a strategy fares against the baseline on the same (prompt, seed) items under one metric: strict wins, ties and
 * losses, the strict win rate with its 95% Wilson interval, the win rate counting a tie as half a win (50% for two
 * identical strategies), and the sign test's p-value.
 */
public record PairedComparison(long wins, long ties, long losses, double winRate, WilsonInterval interval, double pValue,
                               double meanDifference) {
    public double winRateTiesHalf() {
        long n = wins + ties + losses;
        return n == 0 ? 0.5 : (wins + 0.5 * ties) / n;
    }

    /**
     * @param strategy       the strategy's score per item
     * @param baseline       the baseline's score per item, same order
     * @param higherIsBetter the metric's direction
     */
    public static PairedComparison of(double[] strategy, double[] baseline, boolean higherIsBetter) {
        if (strategy.length != baseline.length) {
            throw new IllegalArgumentException("paired scores differ in length: " + strategy.length + " vs " + baseline.length);
        }
        long wins = 0;
        long ties = 0;
        long losses = 0;
        double diff = 0;
        for (int i = 0; i < strategy.length; i++) {
            double d = higherIsBetter ? strategy[i] - baseline[i] : baseline[i] - strategy[i];
            diff += strategy[i] - baseline[i];
            if (d > 0) {
                wins++;
            } else if (d < 0) {
                losses++;
            } else {
                ties++;
            }
        }
        long n = strategy.length;
        return new PairedComparison(wins, ties, losses, n == 0 ? 0 : (double) wins / n, WilsonInterval.of(wins, n),
                SignTest.pValue(wins, losses), n == 0 ? 0 : diff / n);
    }
}
