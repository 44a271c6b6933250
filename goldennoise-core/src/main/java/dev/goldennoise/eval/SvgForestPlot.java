package dev.goldennoise.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forest plot as inline SVG: one row per strategy and group, one panel per metric; a dot at the share of the
 * decided (non-tied) pairs the strategy wins, a line across its 95% Wilson interval, and a rule at 50%, where a
 * strategy that changes nothing sits. This is the quantity the sign test tests, so a line clear of the rule is a
 * significant difference; it also puts the checker (mostly ties) and the learned scorers (no ties) on one scale.
 */
final class SvgForestPlot {
    private static final int ROW = 16;
    private static final int LABEL = 230;
    private static final int PANEL = 200;
    private static final int GAP = 24;
    private static final int TOP = 34;
    private static final int BOTTOM = 24;

    private SvgForestPlot() {}

    /** The decided-pair win rate and its interval; null when every pair tied. */
    static double[] point(PairedComparison c) {
        long decided = c.wins() + c.losses();
        if (decided == 0) {
            return null;
        }
        WilsonInterval w = WilsonInterval.of(c.wins(), decided);
        return new double[] {(double) c.wins() / decided, w.low(), w.high()};
    }

    static String of(Evaluation e, List<String> metrics) {
        int rows = 0;
        for (Map<String, Map<String, PairedComparison>> perMetric : e.comparisons().values()) {
            rows += perMetric.values().iterator().next().size();
        }
        int width = LABEL + metrics.size() * (PANEL + GAP);
        int height = TOP + rows * ROW + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        for (int m = 0; m < metrics.size(); m++) {
            int x0 = LABEL + m * (PANEL + GAP);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                    x0 + PANEL / 2, Html.escape(metrics.get(m))));
            for (int pct = 0; pct <= 100; pct += 25) {
                double x = x0 + PANEL * pct / 100.0;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%d%%</text>%n",
                        x, TOP - 6, x, TOP + rows * ROW, pct == 50 ? "#888" : "#eee", x, TOP + rows * ROW + 14, pct));
            }
        }
        int row = 0;
        int s = 1;
        for (Map.Entry<String, Map<String, Map<String, PairedComparison>>> strategy : e.comparisons().entrySet()) {
            String colour = SvgBarChart.COLOURS[s % SvgBarChart.COLOURS.length];
            for (String group : e.groups()) {
                double y = TOP + row * ROW + ROW / 2.0;
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s — %s</text>%n",
                        LABEL - 8, y + 4, Html.escape(strategy.getKey()), Html.escape(group)));
                for (int m = 0; m < metrics.size(); m++) {
                    int x0 = LABEL + m * (PANEL + GAP);
                    PairedComparison c = strategy.getValue().get(metrics.get(m)).get(group);
                    double[] p = point(c);
                    if (p == null) {
                        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#888\">"
                                + "all tied</text>%n", x0 + PANEL / 2, y + 4));
                        continue;
                    }
                    svg.append(String.format(Locale.ROOT, "<g><title>%s, %s, %s: %.1f%% of %d decided pairs (%.1f%% – %.1f%%),"
                                    + " p %.3g</title><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                                    + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/></g>%n",
                            Html.escape(strategy.getKey()), Html.escape(group), Html.escape(metrics.get(m)), 100 * p[0],
                            c.wins() + c.losses(), 100 * p[1], 100 * p[2], c.pValue(),
                            x0 + PANEL * p[1], y, x0 + PANEL * p[2], y, colour, x0 + PANEL * p[0], y, colour));
                }
                row++;
            }
            s++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
