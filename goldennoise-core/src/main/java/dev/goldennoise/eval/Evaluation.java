package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.Category;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The outcome of an evaluation: per strategy and group (all items, then each category present) the
 * {@link GroupSummary}; per non-baseline strategy, metric and group the {@link PairedComparison} against the
 * baseline (the first strategy); per strategy the {@link StrategyCost}. Maps iterate in report order.
 */
public record Evaluation(List<EvaluationItem> items, List<LabelledStrategy> strategies, List<Scorer> scorers,
                         GeneratedImages generated, ScoreSheet sheet, List<String> groups,
                         Map<String, Map<String, GroupSummary>> summary,
                         Map<String, Map<String, Map<String, PairedComparison>>> comparisons,
                         Map<String, StrategyCost> cost) {
    public static final String ALL = "all";

    public LabelledStrategy baseline() {
        return strategies.get(0);
    }

    /**
     * @param baseDenoiserCalls denoiser evaluations per image of the sampler alone; each strategy adds its own
     */
    public static Evaluation of(List<EvaluationItem> items, List<LabelledStrategy> strategies, List<Scorer> scorers,
                                GeneratedImages generated, ScoreSheet sheet, int baseDenoiserCalls) {
        Map<String, int[]> members = new LinkedHashMap<>();
        members.put(ALL, IntStream.range(0, items.size()).toArray());
        for (Category c : Category.values()) {
            int[] in = IntStream.range(0, items.size()).filter(i -> items.get(i).category().equals(c.key())).toArray();
            if (in.length > 0) {
                members.put(c.key(), in);
            }
        }
        Map<String, Map<String, GroupSummary>> summary = new LinkedHashMap<>();
        for (LabelledStrategy s : strategies) {
            Map<String, GroupSummary> perGroup = new LinkedHashMap<>();
            members.forEach((group, idx) -> perGroup.put(group, GroupSummary.of(s.label(), idx, sheet, scorers)));
            summary.put(s.label(), perGroup);
        }
        String base = strategies.get(0).label();
        Map<String, Map<String, Map<String, PairedComparison>>> comparisons = new LinkedHashMap<>();
        for (LabelledStrategy s : strategies.subList(1, strategies.size())) {
            Map<String, Map<String, PairedComparison>> perMetric = new LinkedHashMap<>();
            for (Scorer scorer : scorers) {
                double[] mine = sheet.scores(s.label(), scorer.name());
                double[] theirs = sheet.scores(base, scorer.name());
                Map<String, PairedComparison> perGroup = new LinkedHashMap<>();
                members.forEach((group, idx) -> perGroup.put(group,
                        PairedComparison.of(pick(mine, idx), pick(theirs, idx), scorer.higherIsBetter())));
                perMetric.put(scorer.name(), perGroup);
            }
            comparisons.put(s.label(), perMetric);
        }
        Map<String, StrategyCost> cost = new LinkedHashMap<>();
        double baseSeconds = StrategyCost.of(generated.seconds().get(base), 0, 0).secondsPerImage();
        for (LabelledStrategy s : strategies) {
            cost.put(s.label(), StrategyCost.of(generated.seconds().get(s.label()),
                    baseDenoiserCalls + s.strategy().extraDenoiserCalls(), baseSeconds));
        }
        return new Evaluation(items, strategies, scorers, generated, sheet, List.copyOf(members.keySet()), summary,
                comparisons, cost);
    }

    private static double[] pick(double[] values, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = values[idx[k]];
        }
        return out;
    }
}
