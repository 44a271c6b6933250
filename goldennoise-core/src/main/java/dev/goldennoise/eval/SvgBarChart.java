package dev.goldennoise.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grouped bar chart of percentages as inline SVG: one group per x label, one bar per series, a legend on top.
 * Inline SVG keeps the report a single self-contained file that opens anywhere, with no script or network.
 */
final class SvgBarChart {
    /** Colour-blind-friendly series colours; the baseline (first series) is always the same blue. */
    static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#9c755f", "#bab0ac"};
    private static final int BAR = 22;
    private static final int GROUP_GAP = 28;
    private static final int LEFT = 44;
    private static final int TOP = 40;
    private static final int PLOT = 180;
    private static final int BOTTOM = 30;

    private SvgBarChart() {}

    /**
     * @param groups x-axis labels
     * @param series series name → one value in [0, 1] per group, drawn as a percentage
     */
    static String percent(List<String> groups, Map<String, double[]> series) {
        int perGroup = series.size() * BAR + GROUP_GAP;
        int width = Math.max(LEFT + groups.size() * perGroup + 10, LEFT + 150 * series.size());
        int height = TOP + PLOT + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = TOP + PLOT * (1 - pct / 100.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>%n", LEFT, y, width - 5, y, LEFT - 4, y + 4, pct));
        }
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String colour = COLOURS[s % COLOURS.length];
            int lx = LEFT + 150 * s;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"20\">%s</text>%n", lx, colour, lx + 16, Html.escape(e.getKey())));
            for (int g = 0; g < groups.size(); g++) {
                double v = Math.max(0, Math.min(1, e.getValue()[g]));
                double h = PLOT * v;
                int x = LEFT + 10 + g * perGroup + s * BAR;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s, %s: %.1f%%</title></rect>"
                                + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"9\">%.0f</text>%n",
                        x, TOP + PLOT - h, BAR - 3, h, colour, Html.escape(e.getKey()), Html.escape(groups.get(g)), 100 * v,
                        x + (BAR - 3) / 2.0, TOP + PLOT - h - 2, 100 * v));
            }
            s++;
        }
        for (int g = 0; g < groups.size(); g++) {
            double cx = LEFT + 10 + g * perGroup + series.size() * BAR / 2.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    cx, TOP + PLOT + 18, Html.escape(groups.get(g))));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
