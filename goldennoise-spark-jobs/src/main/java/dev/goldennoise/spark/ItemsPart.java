package dev.goldennoise.spark;

import dev.goldennoise.eval.GeneratedImages;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.eval.ScoreSheet;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.CheckResult;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation task sends back for its items: per strategy label each image's file (relative to the output
 * folder), generation time, scores and checker verdict, in item order; and how many images it made or reused. The
 * images themselves stay in the output folder.
 *
 * @param baseCalls denoiser calls per image of the sampler alone, as the executor's pipeline counts them
 */
record ItemsPart(int made, int reused, int baseCalls, Map<String, StrategyPart> strategies) implements Serializable {
    /**
     * One strategy's share. A verdict travels as its correctness, partial score and failures, which is all that
     * results.json and the report read of it (the detected objects stay behind).
     */
    record StrategyPart(List<String> files, double[] seconds, Map<String, double[]> scores, boolean[] correct,
                        double[] partial, List<List<String>> failures) implements Serializable {}

    static ItemsPart of(List<LabelledStrategy> strategies, List<Scorer> scorers, GeneratedImages g, ScoreSheet sheet,
            int baseCalls) {
        Map<String, StrategyPart> out = new LinkedHashMap<>();
        for (LabelledStrategy s : strategies) {
            String label = s.label();
            List<String> files = g.files().get(label);
            int n = files.size();
            Map<String, double[]> scores = new LinkedHashMap<>();
            for (Scorer sc : scorers) {
                scores.put(sc.name(), sheet.scores(label, sc.name()));
            }
            boolean[] correct = new boolean[sheet.checked() ? n : 0];
            double[] partial = new double[correct.length];
            List<List<String>> failures = new ArrayList<>();
            for (int i = 0; i < correct.length; i++) {
                CheckResult v = sheet.verdict(label, i);
                correct[i] = v.correct();
                partial[i] = v.partial();
                failures.add(List.copyOf(v.failures()));
            }
            out.put(label, new StrategyPart(List.copyOf(files), g.seconds().get(label), scores, correct, partial, failures));
        }
        return new ItemsPart(g.made(), g.reused(), baseCalls, out);
    }

    /** The parts in item order, put together: every image's file and time, and the score sheet. */
    static Whole join(List<ItemsPart> parts, List<LabelledStrategy> strategies, List<Scorer> scorers, boolean checked) {
        Map<String, List<String>> files = new LinkedHashMap<>();
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        Map<String, List<CheckResult>> verdicts = new LinkedHashMap<>();
        int made = 0;
        int reused = 0;
        for (LabelledStrategy s : strategies) {
            String label = s.label();
            List<String> f = new ArrayList<>();
            List<double[]> t = new ArrayList<>();
            Map<String, List<double[]>> sc = new LinkedHashMap<>();
            List<CheckResult> v = new ArrayList<>();
            for (ItemsPart p : parts) {
                StrategyPart sp = p.strategies().get(label);
                f.addAll(sp.files());
                t.add(sp.seconds());
                for (Scorer scorer : scorers) {
                    sc.computeIfAbsent(scorer.name(), k -> new ArrayList<>()).add(sp.scores().get(scorer.name()));
                }
                for (int i = 0; i < sp.correct().length; i++) {
                    v.add(new CheckResult(sp.correct()[i], sp.partial()[i], sp.failures().get(i), List.of()));
                }
            }
            files.put(label, f);
            seconds.put(label, concat(t));
            Map<String, double[]> perMetric = new LinkedHashMap<>();
            sc.forEach((metric, arrays) -> perMetric.put(metric, concat(arrays)));
            scores.put(label, perMetric);
            if (checked) {
                verdicts.put(label, List.copyOf(v));
            }
        }
        for (ItemsPart p : parts) {
            made += p.made();
            reused += p.reused();
        }
        // the images stay in the output folder: what reads the whole evaluation needs their files, times and scores
        GeneratedImages generated = new GeneratedImages(Map.of(), files, seconds, reused, made);
        return new Whole(generated, ScoreSheet.of(scores, verdicts), parts.isEmpty() ? 0 : parts.get(0).baseCalls());
    }

    record Whole(GeneratedImages generated, ScoreSheet sheet, int baseCalls) {}

    private static double[] concat(List<double[]> arrays) {
        double[] out = new double[arrays.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (double[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
