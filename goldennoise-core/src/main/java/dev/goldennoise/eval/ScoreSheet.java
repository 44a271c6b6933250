package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.CheckResult;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every image's score under every scorer, and the exact checker's full verdict (with its failures, for reports),
 * keyed by strategy label then metric (the scorer's name); arrays in item order. Free-text prompts on an export have
 * no checker: such a sheet has scores only ({@link #checked()} false).
 */
public final class ScoreSheet {
    private final Map<String, Map<String, double[]>> scores;
    private final Map<String, List<CheckResult>> verdicts;

    private ScoreSheet(Map<String, Map<String, double[]>> scores, Map<String, List<CheckResult>> verdicts) {
        this.scores = scores;
        this.verdicts = verdicts;
    }

    /** Scores in chunks of {@code batch} images, so a learned scorer's memory stays bounded on large sets. */
    public static ScoreSheet of(List<EvaluationItem> items, Map<String, List<RgbImage>> images, List<Scorer> scorers, int batch) {
        return of(items, images, scorers, batch, true);
    }

    /** @param check whether the prompts are the shapes world's, which the exact checker judges */
    public static ScoreSheet of(List<EvaluationItem> items, Map<String, List<RgbImage>> images, List<Scorer> scorers, int batch,
                                boolean check) {
        Set<String> names = new HashSet<>();
        for (Scorer s : scorers) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two scorers are both named '" + s.name() + "'");
            }
        }
        List<String> prompts = items.stream().map(EvaluationItem::prompt).toList();
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        Map<String, List<CheckResult>> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, List<RgbImage>> e : images.entrySet()) {
            List<RgbImage> imgs = e.getValue();
            Map<String, double[]> perMetric = new LinkedHashMap<>();
            for (Scorer s : scorers) {
                double[] all = new double[imgs.size()];
                for (int start = 0; start < imgs.size(); start += batch) {
                    int end = Math.min(imgs.size(), start + batch);
                    double[] part = s.score(imgs.subList(start, end), prompts.subList(start, end));
                    System.arraycopy(part, 0, all, start, end - start);
                }
                perMetric.put(s.name(), all);
            }
            scores.put(e.getKey(), perMetric);
            if (check) {
                List<CheckResult> checks = new ArrayList<>();
                for (int i = 0; i < imgs.size(); i++) {
                    checks.add(Checker.check(imgs.get(i), PromptParser.parse(prompts.get(i))));
                }
                verdicts.put(e.getKey(), List.copyOf(checks));
            }
        }
        return new ScoreSheet(scores, verdicts);
    }

    /**
     * A sheet of scores and verdicts made elsewhere, by {@link #of} on parts of the items (a distributed evaluation's
     * tasks), put together in item order; verdicts empty for free-text prompts.
     */
    public static ScoreSheet of(Map<String, Map<String, double[]>> scores, Map<String, List<CheckResult>> verdicts) {
        return new ScoreSheet(scores, verdicts);
    }

    public double[] scores(String label, String metric) {
        return scores.get(label).get(metric);
    }

    /** Whether the exact checker judged the images (the built-in model's prompts), so verdicts exist. */
    public boolean checked() {
        return !verdicts.isEmpty() || scores.isEmpty();
    }

    public CheckResult verdict(String label, int item) {
        if (!checked()) {
            throw new IllegalStateException("no checker verdicts: these prompts are free text");
        }
        return verdicts.get(label).get(item);
    }
}
