package dev.goldennoise.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.world.CheckResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the machine-readable record of an evaluation. Top-level keys: settings (as the command
 * gives them, plus the strategies and scorers), provenance, answer (primary metric, verdict rule, and per strategy
 * the gain with its interval, verdict and cost against benefit), items (each image's path, scores and checker failures),
 * summary (strategy → group → n, correct, checker_accuracy, means), comparisons (strategy → metric → group →
 * wins, ties, losses, win_rate, interval_95, p_value, win_rate_ties_half, mean_difference) and cost (per strategy).
 */
public final class ResultsJson {
    public static final String FILE = "results.json";
    public static final String TEST = "sign";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    public static void write(Path file, Map<String, Object> settings, Map<String, Object> provenance, Evaluation e,
                             PocSummary answer) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(tree(settings, provenance, e, answer)) + "\n");
    }

    static Map<String, Object> tree(Map<String, Object> settings, Map<String, Object> provenance, Evaluation e,
                                    PocSummary answer) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>(settings);
        s.put("baseline", e.baseline().label());
        List<Map<String, Object>> strategies = new ArrayList<>();
        for (LabelledStrategy ls : e.strategies()) {
            strategies.add(ordered("label", ls.label(), "name", ls.strategy().name(),
                    "extra_denoiser_calls", ls.strategy().extraDenoiserCalls()));
        }
        s.put("strategies", strategies);
        List<Map<String, Object>> scorers = new ArrayList<>();
        for (Scorer sc : e.scorers()) {
            scorers.add(ordered("name", sc.name(), "scale", sc.scale(), "higher_is_better", sc.higherIsBetter()));
        }
        s.put("scorers", scorers);
        s.put("paired_test", TEST);
        root.put("settings", s);
        root.put("provenance", provenance);
        root.put("answer", answer(answer));
        root.put("items", items(e));
        root.put("summary", summary(e));
        root.put("comparisons", comparisons(e));
        root.put("cost", cost(e));
        return root;
    }

    private static List<Map<String, Object>> items(Evaluation e) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < e.items().size(); i++) {
            EvaluationItem item = e.items().get(i);
            Map<String, Object> perStrategy = new LinkedHashMap<>();
            for (LabelledStrategy ls : e.strategies()) {
                Map<String, Object> scores = new LinkedHashMap<>();
                for (Scorer sc : e.scorers()) {
                    scores.put(sc.name(), e.sheet().scores(ls.label(), sc.name())[i]);
                }
                String image = e.generated().files().get(ls.label()).get(i);
                if (e.sheet().checked()) {
                    CheckResult v = e.sheet().verdict(ls.label(), i);
                    perStrategy.put(ls.label(), ordered("image", image, "scores", scores, "checker_correct", v.correct(),
                            "checker_failures", v.failures()));
                } else {
                    perStrategy.put(ls.label(), ordered("image", image, "scores", scores));
                }
            }
            out.add(ordered("prompt_index", item.promptIndex(), "prompt", item.prompt(), "category", item.category(),
                    "seed", item.seed(), "strategies", perStrategy));
        }
        return out;
    }

    private static Map<String, Object> answer(PocSummary a) {
        Map<String, Object> rows = new LinkedHashMap<>();
        for (StrategyAnswer r : a.rows()) {
            rows.put(r.label(), ordered("verdict", r.verdict().word(), "gain", finite(r.gain().gain()),
                    "gain_interval_95", Arrays.asList(finite(r.gain().low()), finite(r.gain().high())), "gain_is_accuracy", r.gain().binary(),
                    "judge_win_rate", r.judge() == null ? null : r.judge().winRate(),
                    "judge_p_value", r.judge() == null ? null : r.judge().pValue(),
                    "extra_seconds_per_image", r.extraSecondsPerImage(), "extra_time_percent", r.extraTimePercent(),
                    "extra_denoiser_calls_per_image", r.extraDenoiserCallsPerImage(),
                    "extra_correct_per_100", finite(r.extraCorrectPer100()),
                    "seconds_per_extra_correct", finite(r.secondsPerExtraCorrect()),
                    "denoiser_calls_per_extra_correct", finite(r.callsPerExtraCorrect())));
        }
        return ordered("primary_metric", a.primary(), "primary_is_training_scorer", a.primaryIsTraining(),
                "verdict_rule", Verdict.RULE, "strategies", rows);
    }

    /** JSON has no NaN or infinity; a quantity that does not apply is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> summary(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.summary().forEach((label, groups) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            groups.forEach((group, gs) -> g.put(group, gs.correct() == GroupSummary.UNCHECKED
                    ? ordered("n", gs.n(), "means", gs.means())
                    : ordered("n", gs.n(), "correct", gs.correct(), "checker_accuracy", gs.accuracy(), "means", gs.means())));
            out.put(label, g);
        });
        return out;
    }

    private static Map<String, Object> comparisons(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.comparisons().forEach((label, metrics) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            metrics.forEach((metric, groups) -> {
                Map<String, Object> g = new LinkedHashMap<>();
                groups.forEach((group, c) -> g.put(group, ordered("wins", c.wins(), "ties", c.ties(), "losses", c.losses(),
                        "win_rate", c.winRate(), "interval_95", List.of(c.interval().low(), c.interval().high()),
                        "p_value", c.pValue(), "win_rate_ties_half", c.winRateTiesHalf(), "mean_difference", c.meanDifference())));
                m.put(metric, g);
            });
            out.put(label, m);
        });
        return out;
    }

    private static Map<String, Object> cost(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        e.cost().forEach((label, c) -> out.put(label, ordered("images", c.images(), "seconds", c.seconds(),
                "seconds_per_image", c.secondsPerImage(), "denoiser_calls_per_image", c.denoiserCallsPerImage(),
                "extra_time_percent", c.extraTimePercent())));
        return out;
    }

    /** A map that keeps the order of its key-value arguments, so the file reads in a sensible order. */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
