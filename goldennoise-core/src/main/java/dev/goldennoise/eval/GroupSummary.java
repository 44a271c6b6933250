package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy on one group of items (all, or a category): how many images, how many the exact checker accepts
 * ({@value #UNCHECKED} where there is no checker: free-text prompts), and the mean of each metric.
 */
public record GroupSummary(int n, int correct, Map<String, Double> means) {
    public static final int UNCHECKED = -1;

    /** The checker's accuracy; NaN without a checker. */
    public double accuracy() {
        return correct == UNCHECKED ? Double.NaN : n == 0 ? 0 : (double) correct / n;
    }

    public static GroupSummary of(String label, int[] members, ScoreSheet sheet, List<Scorer> scorers) {
        int correct = sheet.checked() ? 0 : UNCHECKED;
        if (sheet.checked()) {
            for (int i : members) {
                correct += sheet.verdict(label, i).correct() ? 1 : 0;
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (Scorer s : scorers) {
            double[] v = sheet.scores(label, s.name());
            double sum = 0;
            for (int i : members) {
                sum += v[i];
            }
            means.put(s.name(), members.length == 0 ? Double.NaN : sum / members.length);
        }
        return new GroupSummary(members.length, correct, Collections.unmodifiableMap(means));
    }
}
