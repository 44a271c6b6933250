package dev.goldennoise.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gain against standard noise as a function of the number of training pairs, read from one evaluation's results:
 * one series per way of training (for example from scratch and fine-tuned), each strategy named by a template whose
 * {@code {n}} is the pair count; a series may start at 0 pairs with the strategy it was adapted from (the zero-shot
 * net); and a reference strategy (the net trained on the whole target dataset) whose gain the goal is a share of.
 */
public final class DataEfficiencyCurve {
    /** The placeholder of the pair count in a series' strategy template. */
    public static final String COUNT = "{n}";

    /** The gain of one strategy in checker points (accuracy difference × 100), in a group of items. */
    public record Point(int pairs, String strategy, double gain) {}

    private final String group;
    private final double referenceGain;
    private final String reference;
    private final Map<String, List<Point>> series;

    private DataEfficiencyCurve(String group, String reference, double referenceGain, Map<String, List<Point>> series) {
        this.group = group;
        this.reference = reference;
        this.referenceGain = referenceGain;
        this.series = series;
    }

    /**
     * @param results    an evaluation's results.json
     * @param group      all, or a category
     * @param zeroShot   series name → the strategy at its 0 pairs (series not named have no 0 point)
     * @param templates  series name → strategy label with {@code {n}}
     * @param reference  the strategy whose gain is the 100% line
     */
    public static DataEfficiencyCurve of(JsonNode results, String group, Map<String, String> zeroShot, Map<String, String> templates,
                                         List<Integer> sizes, String reference) {
        JsonNode summary = results.path("summary");
        double base = accuracy(summary, LabelledStrategy.BASELINE, group);
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            if (!t.getValue().contains(COUNT)) {
                throw new IllegalArgumentException("series '" + t.getKey() + "': the strategy template " + t.getValue()
                        + " has no " + COUNT + " for the pair count");
            }
            List<Point> points = new ArrayList<>();
            String zero = zeroShot.get(t.getKey());
            if (zero != null) {
                points.add(new Point(0, zero, 100 * (accuracy(summary, zero, group) - base)));
            }
            for (int n : sizes) {
                String label = t.getValue().replace(COUNT, Integer.toString(n));
                points.add(new Point(n, label, 100 * (accuracy(summary, label, group) - base)));
            }
            series.put(t.getKey(), List.copyOf(points));
        }
        return new DataEfficiencyCurve(group, reference, 100 * (accuracy(summary, reference, group) - base), series);
    }

    private static double accuracy(JsonNode summary, String strategy, String group) {
        JsonNode s = summary.path(strategy);
        if (s.isMissingNode()) {
            List<String> known = new ArrayList<>();
            summary.fieldNames().forEachRemaining(known::add);
            throw new IllegalArgumentException("the results hold no strategy " + strategy + "; they hold " + String.join(", ", known));
        }
        JsonNode g = s.path(group).path("checker_accuracy");
        if (!g.isNumber()) {
            throw new IllegalArgumentException("the results hold no checker accuracy of " + strategy + " on group '" + group
                    + "' (all, or a category the evaluation has)");
        }
        return g.asDouble();
    }

    public Map<String, List<Point>> series() {
        return series;
    }

    public double referenceGain() {
        return referenceGain;
    }

    /** A point's gain as a share of the reference's, or NaN when the reference gains nothing. */
    public double share(Point p) {
        return referenceGain > 0 ? p.gain() / referenceGain : Double.NaN;
    }

    /** The chart: one line per series over the pair counts, and the reference's gain and 80% of it as dashed lines. */
    public String svg() {
        java.util.TreeSet<Integer> counts = new java.util.TreeSet<>();
        series.values().forEach(points -> points.forEach(p -> counts.add(p.pairs())));
        List<Integer> order = List.copyOf(counts);
        List<String> ticks = order.stream().map(String::valueOf).toList();
        // each point at the tick of its pair count, NaN where a series has no point
        Map<String, double[]> lines = new LinkedHashMap<>();
        series.forEach((name, points) -> {
            double[] v = new double[order.size()];
            java.util.Arrays.fill(v, Double.NaN);
            points.forEach(p -> v[order.indexOf(p.pairs())] = p.gain());
            lines.put(name, v);
        });
        Map<String, Double> levels = new LinkedHashMap<>();
        levels.put("full dataset", referenceGain);
        levels.put("80% of it", 0.8 * referenceGain);
        return SvgCurveChart.of("training pairs of the target", "checker gain, points (" + group + ")", ticks, lines, levels);
    }

    /** A small self-contained page: the chart and the table of every point. */
    public String html(String title) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append("</title><style>body{font-family:sans-serif;margin:2em}")
                .append("td,th{padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n").append(svg());
        h.append(String.format(Locale.ROOT, "<p>Reference (%s): %+.1f checker points on %s.</p>%n", Html.escape(reference),
                referenceGain, Html.escape(group)));
        h.append("<table><tr><th>series</th><th>pairs</th><th>strategy</th><th>gain (points)</th><th>share of reference</th></tr>\n");
        series.forEach((name, points) -> points.forEach(p -> h.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%s</td><td>%+.1f</td><td>%s</td></tr>%n", Html.escape(name), p.pairs(),
                Html.escape(p.strategy()), p.gain(), Double.isNaN(share(p)) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * share(p))))));
        return h.append("</table>\n</body></html>\n").toString();
    }
}
