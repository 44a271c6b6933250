package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer a report opens with: one {@link StrategyAnswer} per strategy against the baseline, on all items, with
 * the primary metric named. The primary metric is the exact checker where there is one (its verdict is the ground
 * truth of the shapes world), else the independent judge, else the first scorer.
 */
public record PocSummary(String primary, boolean primaryIsTraining, List<StrategyAnswer> rows) {
    public static final String CHECKER = "checker";

    public static String defaultPrimary(List<Scorer> scorers) {
        for (String preferred : List.of(CHECKER, Scorers.JUDGE)) {
            if (scorers.stream().anyMatch(s -> s.name().equals(preferred))) {
                return preferred;
            }
        }
        if (scorers.isEmpty()) {
            throw new IllegalArgumentException("an evaluation needs at least one scorer");
        }
        return scorers.get(0).name();
    }

    /** @param primary a scorer of the evaluation, or null for {@link #defaultPrimary} */
    public static PocSummary of(Evaluation e, String primary) {
        String metric = primary == null ? defaultPrimary(e.scorers()) : primary;
        Scorer scorer = e.scorers().stream().filter(s -> s.name().equals(metric)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scorer named '" + metric + "' in this evaluation; it has "
                        + String.join(", ", e.scorers().stream().map(Scorer::name).toList())));
        boolean hasJudge = !metric.equals(Scorers.JUDGE) && e.scorers().stream().anyMatch(s -> s.name().equals(Scorers.JUDGE));
        boolean training = metric.equals(Scorers.PREFERENCE);
        String base = e.baseline().label();
        double[] baseScores = e.sheet().scores(base, metric);
        List<StrategyAnswer> rows = new ArrayList<>();
        for (LabelledStrategy s : e.strategies().subList(1, e.strategies().size())) {
            PairedGain gain = PairedGain.of(e.sheet().scores(s.label(), metric), baseScores, scorer.higherIsBetter());
            PairedComparison judge = hasJudge ? e.comparisons().get(s.label()).get(Scorers.JUDGE).get(Evaluation.ALL) : null;
            rows.add(StrategyAnswer.of(s.label(), metric, gain, e.comparisons().get(s.label()).get(metric).get(Evaluation.ALL),
                    judge, training, e.cost().get(s.label()), e.cost().get(base)));
        }
        return new PocSummary(metric, training, List.copyOf(rows));
    }
}
