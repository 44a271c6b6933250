package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.world.CheckResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external URL). It opens with the
 * answer (one line per strategy against the baseline: gain on the primary metric with its interval, strict win
 * rates, extra cost and a verdict by a stated rule), a forest plot of win rates and the cost against the benefit;
 * then checker accuracy as a chart and a table, the mean of every metric, every comparison, side-by-side images
 * (baseline first) for a sample of items with the checker's verdict under each; settings and provenance last.
 * Images up to 64 kB are inlined, which makes the built-in model's page one file; larger ones (an export's) are
 * linked by relative path, so that page works where the output folder is copied whole.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** Images up to this size are inlined. */
    static final long INLINE_LIMIT = 64 * 1024;
    private static final String CSS = """
            body{font-family:sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
            table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
            th{background:#f3f3f3}td.l,th.l{text-align:left}
            .note{color:#555;font-size:13px;max-width:900px}
            .grid td{vertical-align:top;text-align:center}.grid td.l{max-width:220px;text-align:left}
            .grid img{width:128px;height:128px;image-rendering:pixelated;display:block;margin:auto}
            .ok{color:#1e8c3c;font-weight:bold}.bad{color:#c62828;font-weight:bold}
            .fail{font-size:11px;color:#555;max-width:160px;text-align:left}.sc{font-size:11px;color:#555}
            """;

    private HtmlReport() {}

    public static void write(Path file, Map<String, Object> settings, Map<String, Object> provenance, Evaluation e,
                             PocSummary answer, int sample) throws IOException {
        write(file, settings, provenance, e, answer, sample, Map.of());
    }

    /** With {@code noiseChanges}, by strategy label, a section on what each strategy changes in the noise. */
    public static void write(Path file, Map<String, Object> settings, Map<String, Object> provenance, Evaluation e,
                             PocSummary answer, int sample, Map<String, NoiseChanges> noiseChanges) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>goldennoise evaluation</title><style>")
                .append(CSS).append("</style></head><body>\n");
        h.append("<h1>goldennoise evaluation</h1>\n");
        answer(h, e, answer);
        forest(h, e);
        costBenefit(h, e, answer);
        if (e.sheet().checked()) {
            accuracy(h, e);
        }
        means(h, e);
        comparisons(h, e);
        cost(h, e);
        noiseChanges(h, e, noiseChanges);
        grid(h, e, sample, file.toAbsolutePath().getParent());
        h.append("<h2>Settings and provenance</h2>\n");
        settings(h, settings, provenance, e);
        h.append("</body></html>\n");
        AtomicFiles.writeString(file, h.toString());
    }

    /**
     * A small image (the built-in model's 64×64 PNGs are a few kB) is inlined, so the page is one file; a large one
     * (an export's 512² or 1024² images) is linked by relative path, so the page then needs its folder.
     */
    static String imageSource(Path dir, String relative) throws IOException {
        Path f = dir.resolve(relative);
        if (Files.isRegularFile(f) && Files.size(f) <= INLINE_LIMIT) {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(f));
        }
        return Html.relativeUrl(relative);
    }

    private static void answer(StringBuilder h, Evaluation e, PocSummary a) {
        String base = Html.escape(e.baseline().label());
        h.append("<h2>The answer</h2>\n");
        if (a.rows().isEmpty()) {
            h.append("<p>Only the baseline was evaluated: nothing to compare.</p>\n");
            return;
        }
        h.append("<p class=\"note\">Each strategy against ").append(base).append(" on the same ").append(e.items().size())
                .append(" (prompt, seed) items. Primary metric: <b>").append(Html.escape(a.primary())).append("</b>")
                .append(a.primaryIsTraining() ? " (the training scorer: a verdict on it alone is never \"better\")" : "")
                .append(". Gain: the strategy's mean minus the baseline's, with its 95% interval")
                .append(" (for a 0/1 metric Newcombe's paired score interval). Verdict rule: ")
                .append(Html.escape(Verdict.RULE)).append("</p>\n");
        h.append("<table><tr><th class=\"l\">strategy</th><th>verdict</th><th>gain in ").append(Html.escape(a.primary()))
                .append("</th><th>95% interval</th><th>strict win rate (interval), p</th><th>judge strict win rate (interval), p</th>")
                .append("<th>extra time per image</th></tr>\n");
        for (StrategyAnswer r : a.rows()) {
            h.append("<tr><td class=\"l\">").append(Html.escape(r.label())).append("</td><td class=\"l\"><span class=\"")
                    .append(r.verdict() == Verdict.BETTER ? "ok" : r.verdict() == Verdict.WORSE ? "bad" : "")
                    .append("\">").append(r.verdict().word()).append("</span></td>")
                    .append(String.format(Locale.ROOT, "<td>%s</td><td>%s – %s</td><td>%s</td><td>%s</td><td>%+.4f s (%+.1f%%)</td></tr>%n",
                            gain(r.gain(), r.gain().gain()), gain(r.gain(), r.gain().low()), gain(r.gain(), r.gain().high()),
                            winRate(r.primaryComparison()), r.judge() == null ? "no judge" : winRate(r.judge()),
                            r.extraSecondsPerImage(), r.extraTimePercent()));
        }
        h.append("</table>\n");
    }

    /** A gain in accuracy reads in points; any other metric in its own units. */
    static String gain(PairedGain g, double value) {
        return g.binary() ? String.format(Locale.ROOT, "%+.1f pt", 100 * value) : String.format(Locale.ROOT, "%+.4f", value);
    }

    static String winRate(PairedComparison c) {
        return String.format(Locale.ROOT, "%.1f%% (%.1f%% – %.1f%%), p %.3g", 100 * c.winRate(), 100 * c.interval().low(),
                100 * c.interval().high(), c.pValue());
    }

    private static void forest(StringBuilder h, Evaluation e) {
        if (e.comparisons().isEmpty()) {
            return;
        }
        h.append("<h2>Win rates across categories</h2>\n<p class=\"note\">Per strategy, category and metric: the share of")
                .append(" decided (non-tied) pairs the strategy wins, with its 95% Wilson interval. The grey rule at 50% is")
                .append(" no difference; an interval clear of it is significant by the sign test.</p>\n");
        h.append(SvgForestPlot.of(e, e.scorers().stream().map(Scorer::name).toList()));
    }

    private static void costBenefit(StringBuilder h, Evaluation e, PocSummary a) {
        if (a.rows().isEmpty()) {
            return;
        }
        h.append("<h2>Cost against benefit</h2>\n<p class=\"note\">Extra generation time and denoiser evaluations per image")
                .append(" over ").append(Html.escape(e.baseline().label())).append("; for a 0/1 primary metric the extra correct")
                .append(" images per 100 (100 × gain) and what one additional correct image costs (extra cost ÷ gain; shown only")
                .append(" when the gain is positive).</p>\n");
        h.append("<table><tr><th class=\"l\">strategy</th><th>extra seconds per image</th><th>extra time</th>")
                .append("<th>extra denoiser evaluations per image</th><th>extra correct per 100 images</th>")
                .append("<th>seconds per extra correct image</th><th>denoiser evaluations per extra correct image</th></tr>\n");
        for (StrategyAnswer r : a.rows()) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%+.4f</td><td>%+.1f%%</td><td>%+d</td><td>%s</td>"
                            + "<td>%s</td><td>%s</td></tr>%n", Html.escape(r.label()), r.extraSecondsPerImage(), r.extraTimePercent(),
                    r.extraDenoiserCallsPerImage(), number(r.extraCorrectPer100(), "%+.1f"), number(r.secondsPerExtraCorrect(), "%.3f"),
                    number(r.callsPerExtraCorrect(), "%.0f")));
        }
        h.append("</table>\n");
    }

    static String number(double v, String format) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v);
    }

    private static void settings(StringBuilder h, Map<String, Object> settings, Map<String, Object> provenance, Evaluation e) {
        h.append("<table>");
        Map<String, Object> rows = new LinkedHashMap<>(settings);
        rows.put("items", e.items().size() + " (prompt × seed pairs; every strategy starts from the same noise per item)");
        List<String> strategies = new ArrayList<>();
        e.strategies().forEach(s -> strategies.add(s.label()));
        rows.put("strategies", String.join(", ", strategies) + " (baseline: " + e.baseline().label() + ")");
        List<String> scorers = new ArrayList<>();
        e.scorers().forEach(s -> scorers.add(s.name() + ": " + s.scale() + (s.higherIsBetter() ? ", higher is better" : ", lower is better")));
        rows.put("scorers", String.join("; ", scorers));
        rows.putAll(provenance);
        rows.forEach((k, v) -> {
            String text = String.valueOf(v);
            if (text.length() > 300) {
                text = text.substring(0, 300) + " …";
            }
            h.append("<tr><th class=\"l\">").append(Html.escape(k)).append("</th><td class=\"l\">").append(Html.escape(text))
                    .append("</td></tr>");
        });
        h.append("</table>\n");
    }

    private static void accuracy(StringBuilder h, Evaluation e) {
        h.append("<h2>Checker accuracy</h2>\n<p class=\"note\">The share of images the exact checker accepts, per category.</p>\n");
        Map<String, double[]> series = new LinkedHashMap<>();
        for (LabelledStrategy s : e.strategies()) {
            series.put(s.label(), e.groups().stream().mapToDouble(g -> e.summary().get(s.label()).get(g).accuracy()).toArray());
        }
        h.append(SvgBarChart.percent(e.groups(), series));
        groupHeader(h, e);
        for (LabelledStrategy s : e.strategies()) {
            h.append("<tr><td class=\"l\">").append(Html.escape(s.label())).append("</td>");
            for (String g : e.groups()) {
                GroupSummary gs = e.summary().get(s.label()).get(g);
                h.append(String.format(Locale.ROOT, "<td>%.1f%% (%d/%d)</td>", 100 * gs.accuracy(), gs.correct(), gs.n()));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** A table's opening row: the strategy column, then one column per group of items. */
    private static void groupHeader(StringBuilder h, Evaluation e) {
        h.append("<table><tr><th class=\"l\">strategy</th>");
        e.groups().forEach(g -> h.append("<th>").append(Html.escape(g)).append("</th>"));
        h.append("</tr>\n");
    }

    private static void means(StringBuilder h, Evaluation e) {
        h.append("<h2>Mean scores</h2>\n");
        for (Scorer sc : e.scorers()) {
            h.append("<h3>").append(Html.escape(sc.name())).append("</h3><p class=\"note\">").append(Html.escape(sc.scale()))
                    .append(sc.higherIsBetter() ? "; higher is better" : "; lower is better").append("</p>\n");
            groupHeader(h, e);
            for (LabelledStrategy s : e.strategies()) {
                h.append("<tr><td class=\"l\">").append(Html.escape(s.label())).append("</td>");
                for (String g : e.groups()) {
                    h.append(String.format(Locale.ROOT, "<td>%.4f</td>", e.summary().get(s.label()).get(g).means().get(sc.name())));
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static void comparisons(StringBuilder h, Evaluation e) {
        h.append("<h2>Against ").append(Html.escape(e.baseline().label())).append("</h2>\n<p class=\"note\">Each item is a pair")
                .append(" (the strategy's image and the baseline's, same prompt and initial noise). A strict win means a better")
                .append(" score; ties are counted apart and shown. Strict win rate = wins / items with its 95% Wilson interval;")
                .append(" win rate (ties ½) counts a tie as half a win, so 50% means no difference. p: two-sided exact sign test")
                .append(" on the non-tied pairs.</p>\n");
        if (e.comparisons().isEmpty()) {
            h.append("<p>No strategy besides the baseline.</p>\n");
        }
        e.comparisons().forEach((label, metrics) -> {
            h.append("<h3>").append(Html.escape(label)).append(" vs ").append(Html.escape(e.baseline().label())).append("</h3>\n");
            h.append("<table><tr><th class=\"l\">metric</th><th class=\"l\">group</th><th>wins</th><th>ties</th><th>losses</th>")
                    .append("<th>strict win rate</th><th>95% interval</th><th>win rate (ties ½)</th><th>mean difference</th>")
                    .append("<th>p (sign test)</th></tr>\n");
            metrics.forEach((metric, groups) -> groups.forEach((group, c) -> h.append(String.format(Locale.ROOT,
                    "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f%%</td>"
                            + "<td>%.1f%% – %.1f%%</td><td>%.1f%%</td><td>%+.4f</td><td>%.3g</td></tr>%n",
                    Html.escape(metric), Html.escape(group), c.wins(), c.ties(), c.losses(), 100 * c.winRate(),
                    100 * c.interval().low(), 100 * c.interval().high(), 100 * c.winRateTiesHalf(), c.meanDifference(), c.pValue()))));
            h.append("</table>\n");
        });
    }

    private static void cost(StringBuilder h, Evaluation e) {
        h.append("<h2>Cost</h2>\n<p class=\"note\">Wall time of generation only (noise strategy, sampling, decoding), per image;")
                .append(" times of images reused from an earlier run are those measured when they were made.</p>\n");
        h.append("<table><tr><th class=\"l\">strategy</th><th>images</th><th>seconds per image</th>")
                .append("<th>denoiser evaluations per image</th><th>extra time vs ").append(Html.escape(e.baseline().label()))
                .append("</th></tr>\n");
        e.cost().forEach((label, c) -> h.append(String.format(Locale.ROOT,
                "<tr><td class=\"l\">%s</td><td>%d</td><td>%.4f</td><td>%d</td><td>%+.1f%%</td></tr>%n",
                Html.escape(label), c.images(), c.secondsPerImage(), c.denoiserCallsPerImage(), c.extraTimePercent())));
        h.append("</table>\n");
    }

    private static void noiseChanges(StringBuilder h, Evaluation e, Map<String, NoiseChanges> changes) {
        if (changes.isEmpty()) {
            return;
        }
        h.append("<h2>What the strategies change in the noise</h2>\n<p class=\"note\">Δ = x_T' − x_T of each strategy, over")
                .append(" the evaluation's own items (at most ").append(NoiseChangeAnalysis.MAX_ITEMS)
                .append(", spread evenly); the same summary as <code>goldennoise explain</code>'s.");
        List<String> skipped = e.strategies().stream()
                .filter(s -> !s.strategy().name().equals(LabelledStrategy.BASELINE) && !changes.containsKey(s.label()))
                .map(LabelledStrategy::label).toList();
        if (!skipped.isEmpty()) {
            h.append(" Not analysed, since making their noise again would repeat their denoiser calls: ")
                    .append(Html.escape(String.join(", ", skipped))).append(" (<code>explain --noise NAME</code> analyses one).");
        }
        h.append("</p>\n");
        changes.forEach((label, ch) -> {
            h.append("<h3>").append(Html.escape(label)).append(", ").append(ch.items()).append(" items</h3>\n");
            NoiseChangesHtml.append(h, ch, "h4");
        });
    }

    private static void grid(StringBuilder h, Evaluation e, int sample, Path dir) throws IOException {
        List<Integer> rows = sampleRows(e.items().size(), sample);
        h.append("<h2>Samples</h2>\n<p class=\"note\">").append(rows.size()).append(" of ").append(e.items().size())
                .append(" items, evenly spaced through the list; under each image ")
                .append(e.sheet().checked() ? "the checker's verdict (✓ accepted, ✗ not, with what failed) and its scores." : "its scores.")
                .append("</p>\n");
        h.append("<table class=\"grid\"><tr><th class=\"l\">prompt</th>");
        e.strategies().forEach(s -> h.append("<th>").append(Html.escape(s.label())).append("</th>"));
        h.append("</tr>\n");
        for (int i : rows) {
            EvaluationItem item = e.items().get(i);
            h.append("<tr><td class=\"l\">").append(Html.escape(item.prompt())).append("<br><span class=\"sc\">")
                    .append(Html.escape(item.category())).append(", seed ").append(item.seed()).append("</span></td>");
            for (LabelledStrategy s : e.strategies()) {
                h.append("<td><img alt=\"").append(Html.escape(s.label() + ": " + item.prompt())).append("\" src=\"")
                        .append(Html.escape(imageSource(dir, e.generated().files().get(s.label()).get(i)))).append("\">");
                if (e.sheet().checked()) {
                    CheckResult v = e.sheet().verdict(s.label(), i);
                    h.append(v.correct() ? "<div class=\"ok\">✓</div>" : "<div class=\"bad\">✗</div>");
                    if (!v.failures().isEmpty()) {
                        h.append("<div class=\"fail\">").append(Html.escape(failures(v.failures()))).append("</div>");
                    }
                }
                StringBuilder scores = new StringBuilder();
                for (Scorer sc : e.scorers()) {
                    scores.append(String.format(Locale.ROOT, "%s%s %.3g", scores.length() == 0 ? "" : ", ", sc.name(),
                            e.sheet().scores(s.label(), sc.name())[i]));
                }
                h.append("<div class=\"sc\">").append(Html.escape(scores.toString())).append("</div></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /**
     * The checker's failures, each distinct message once with its count: an untrained or weak model's image can hold
     * dozens of stray blobs, and listing each would bury the grid. results.json keeps the full list.
     */
    static String failures(List<String> failures) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        failures.forEach(f -> counts.merge(f, 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((f, n) -> parts.add(n == 1 ? f : f + " ×" + n));
        int shown = 5;
        if (parts.size() > shown) {
            int more = parts.size() - shown;
            parts.subList(shown, parts.size()).clear();
            parts.add("… " + more + " more");
        }
        return String.join("; ", parts);
    }

    /** Up to {@code sample} indices spread evenly over n items; with items in category order this covers every category. */
    static List<Integer> sampleRows(int n, int sample) {
        List<Integer> out = new ArrayList<>();
        int m = Math.min(n, Math.max(0, sample));
        for (int k = 0; k < m; k++) {
            out.add((int) ((long) k * n / m));
        }
        return out;
    }
}
