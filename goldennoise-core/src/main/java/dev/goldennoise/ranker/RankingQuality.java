package dev.goldennoise.ranker;

import java.util.List;

/**
 * How well predicted scores pick among each group's candidates, in the preference scorer's own units: the gain of
 * the ranker's pick over candidate 0 (x_T, what standard sampling uses), the gain of the scorer's own pick (the
 * ceiling best-of-N reaches), and the share of that ceiling the ranker recovers; plus the share of candidate pairs it
 * orders as the scorer does.
 */
public record RankingQuality(int groups, double pickGain, double oracleGain, double pairAccuracy) {
    public double recovered() {
        return oracleGain == 0 ? 0 : pickGain / oracleGain;
    }

    /** @param predicted one array per group, in the order of {@code scores} */
    public static RankingQuality of(List<double[]> predicted, List<double[]> scores) {
        double pick = 0;
        double oracle = 0;
        long agree = 0;
        long pairs = 0;
        for (int g = 0; g < scores.size(); g++) {
            double[] s = scores.get(g);
            double[] f = predicted.get(g);
            int chosen = argmax(f);
            pick += s[chosen] - s[0];
            oracle += s[argmax(s)] - s[0];
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s.length; j++) {
                    if (s[i] > s[j]) {
                        pairs++;
                        if (f[i] > f[j]) {
                            agree++;
                        }
                    }
                }
            }
        }
        int n = Math.max(1, scores.size());
        return new RankingQuality(scores.size(), pick / n, oracle / n, pairs == 0 ? 0 : (double) agree / pairs);
    }

    static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }
}
