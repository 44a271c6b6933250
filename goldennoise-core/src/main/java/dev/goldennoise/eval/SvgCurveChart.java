package dev.goldennoise.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart over labelled, evenly spaced x positions (pair counts of very different sizes read better evenly
 * spaced than on a linear axis), with y spanning the data and zero, and dashed horizontal reference levels. A NaN is
 * a series' missing point.
 */
final class SvgCurveChart {
    private static final int W = 520;
    private static final int H = 260;
    private static final int LEFT = 58;
    private static final int RIGHT = 110;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private SvgCurveChart() {}

    static String of(String xLabel, String yLabel, List<String> ticks, Map<String, double[]> series, Map<String, Double> levels) {
        double lo = 0;
        double hi = 0;
        for (double[] v : series.values()) {
            for (double d : v) {
                if (Double.isNaN(d)) {
                    continue;
                }
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        for (double d : levels.values()) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double pad = 0.05 * (hi - lo);
        double yMin = lo - pad;
        double yMax = hi + pad;
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
        for (int k = 0; k <= 4; k++) {
            double v = yMin + (yMax - yMin) * k / 4;
            double y = y(v, yMin, yMax, plotH);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT, y, LEFT + plotW, y, LEFT - 4, y + 4, v));
        }
        double zero = y(0, yMin, yMax, plotH);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>%n", LEFT, zero,
                LEFT + plotW, zero));
        for (int i = 0; i < ticks.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(i, ticks.size(), plotW),
                    TOP + plotH + 14, Html.escape(ticks.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, H - 6,
                Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotH / 2, Html.escape(yLabel)));
        for (Map.Entry<String, Double> level : levels.entrySet()) {
            double y = y(level.getValue(), yMin, yMax, plotH);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>"
                    + "<text x=\"%d\" y=\"%.1f\">%s</text>%n", LEFT, y, LEFT + plotW, y, LEFT + plotW + 4, y + 4, Html.escape(level.getKey())));
        }
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String colour = SvgBarChart.COLOURS[s % SvgBarChart.COLOURS.length];
            StringBuilder points = new StringBuilder();
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    continue;
                }
                double x = x(i, ticks.size(), plotW);
                double y = y(v[i], yMin, yMax, plotH);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n"
                    + "<rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"17\">%s</text>%n",
                    colour, points.toString().trim(), LEFT + 140 * s, colour, LEFT + 140 * s + 14, Html.escape(e.getKey())));
            s++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double x(int i, int n, int plotW) {
        return LEFT + (n <= 1 ? plotW / 2.0 : plotW * i / (double) (n - 1));
    }

    private static double y(double v, double yMin, double yMax, int plotH) {
        return TOP + plotH * (1 - (v - yMin) / (yMax - yMin));
    }
}
