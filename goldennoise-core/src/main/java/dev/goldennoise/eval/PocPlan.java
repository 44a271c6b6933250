package dev.goldennoise.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Locale;

/**
 * How many (prompt, seed) items a paired A/B test of checker accuracy needs. Both strategies see the same items, so
 * only discordant items (one image correct, the other not) carry information, and the test is McNemar's, which the
 * report's sign test is exactly. With ψ the share of discordant items and δ the gain in accuracy to detect, Connor's
 * (1987) normal approximation gives
 * <pre>  n = (z(1−α/2)·√ψ + z(power)·√(ψ − δ²))² / δ²</pre>
 * and, inverted, the power of n items: Φ((δ·√n − z(1−α/2)·√ψ) / √(ψ − δ²)). The more the two strategies disagree
 * for the same gain, the more items the test needs, which is why a pilot's measured ψ beats a guess.
 */
public final class PocPlan {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private PocPlan() {}

    /** Items needed, rounded up. */
    public static long items(double effect, double discordant, double alpha, double power) {
        check(effect, discordant, alpha);
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be between 0 and 1, got " + power);
        }
        double za = NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        double zb = NORMAL.inverseCumulativeProbability(power);
        double root = za * Math.sqrt(discordant) + zb * Math.sqrt(discordant - effect * effect);
        return (long) Math.ceil(root * root / (effect * effect));
    }

    /** The chance that n items detect the effect at two-sided level alpha. */
    public static double power(long n, double effect, double discordant, double alpha) {
        check(effect, discordant, alpha);
        if (n < 1) {
            throw new IllegalArgumentException("need at least one item, got " + n);
        }
        double za = NORMAL.inverseCumulativeProbability(1 - alpha / 2);
        return NORMAL.cumulativeProbability((effect * Math.sqrt(n) - za * Math.sqrt(discordant))
                / Math.sqrt(discordant - effect * effect));
    }

    private static void check(double effect, double discordant, double alpha) {
        if (!(effect > 0 && effect < 1)) {
            throw new IllegalArgumentException("the effect must be a gain in accuracy between 0 and 1 (0.05 is 5 points), got "
                    + effect);
        }
        if (!(discordant > 0 && discordant <= 1)) {
            throw new IllegalArgumentException("the discordant rate must be above 0 and at most 1, got " + discordant);
        }
        if (effect > discordant) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a gain of %.3f needs at least that share of"
                    + " discordant items, but the discordant rate is %.3f: the strategies disagree too rarely for that gain",
                    effect, discordant));
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, got " + alpha);
        }
    }
}
