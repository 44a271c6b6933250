package dev.goldennoise.eval;

/**
 * The Wilson score interval for a binomial proportion: unlike the normal approximation it stays inside [0, 1] and
 * keeps its coverage for small samples and rates near 0 or 1, which win rates often are.
 */
public record WilsonInterval(double low, double high) {
    private static final double Z95 = 1.959963984540054;

    public static WilsonInterval of(long successes, long trials) {
        if (trials == 0) {
            return new WilsonInterval(0, 1);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
