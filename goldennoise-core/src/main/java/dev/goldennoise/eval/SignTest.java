package dev.goldennoise.eval;

/**
 * The exact two-sided sign test on paired outcomes: under the null hypothesis a non-tied pair is a win or a loss
 * with probability 1/2. Ties carry no information about direction and are left out, as is standard.
 */
public final class SignTest {
    private SignTest() {}

    public static double pValue(long wins, long losses) {
        long n = wins + losses;
        if (n == 0) {
            return 1.0;
        }
        long k = Math.min(wins, losses);
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow
        double logHalfN = -n * Math.log(2);
        double tail = 0;
        for (long i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) + logHalfN);
        }
        return Math.min(1.0, 2 * tail);
    }

    private static double logChoose(long n, long k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(long n) {
        double s = 0;
        for (long i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
