package dev.goldennoise.eval;

import java.util.Locale;
import java.util.Map;

/** A small line chart as inline SVG: one line per series over the index 0..n−1, a legend on top, y from 0 to the max. */
final class SvgLineChart {
    private static final int W = 420;
    private static final int H = 180;
    private static final int LEFT = 54;
    private static final int TOP = 28;
    private static final int BOTTOM = 26;

    private SvgLineChart() {}

    static String of(String xLabel, Map<String, double[]> series) {
        double max = 0;
        int n = 0;
        for (double[] v : series.values()) {
            n = Math.max(n, v.length);
            for (double d : v) {
                max = Math.max(max, d);
            }
        }
        max = max <= 0 ? 1 : max;
        int plotW = W - LEFT - 10;
        int plotH = H - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"10\">%n", W, H, W, H));
        for (int k = 0; k <= 4; k++) {
            double y = TOP + plotH * (1 - k / 4.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>%n", LEFT, y, W - 10, y, LEFT - 4, y + 3, max * k / 4));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, H - 4, Html.escape(xLabel)));
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String colour = SvgBarChart.COLOURS[s % SvgBarChart.COLOURS.length];
            StringBuilder points = new StringBuilder();
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                double x = LEFT + (n <= 1 ? 0 : plotW * i / (double) (n - 1));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, TOP + plotH * (1 - v[i] / max)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n"
                    + "<rect x=\"%d\" y=\"6\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"15\">%s</text>%n",
                    colour, points.toString().trim(), LEFT + 150 * s, colour, LEFT + 150 * s + 14, Html.escape(e.getKey())));
            s++;
        }
        return svg.append("</svg>\n").toString();
    }
}
