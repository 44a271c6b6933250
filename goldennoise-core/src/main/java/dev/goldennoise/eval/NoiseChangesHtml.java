package dev.goldennoise.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The HTML of a {@link NoiseChanges} summary, shared by explain's page and evaluate's report. */
final class NoiseChangesHtml {
    private static final int SCALE = 4;

    private NoiseChangesHtml() {}

    /** Appends the summary with sub-headings of the given level (for example {@code h3}). */
    static void append(StringBuilder p, NoiseChanges ch, String heading) {
        p.append(String.format(Locale.ROOT, "<p class=\"note\">Mean ‖Δ‖/‖x_T‖ %.3f. Share of Δ's energy at radius ≤ %d: %.1f%%"
                        + " (white noise of this size would put %.1f%% there).</p>%n", ch.meanRelativeMove(), ch.cutoff(),
                100 * ch.lowFrequencyShare(), 100 * NoiseSpectrum.whiteShare(ch.height(), ch.width(), ch.cutoff())));
        Map<String, double[]> spectrum = new LinkedHashMap<>();
        spectrum.put("energy of Δ", ch.meanSpectrum());
        p.append("<" + heading + ">Radially averaged power spectrum of Δ</" + heading + ">\n").append(SvgLineChart.of("frequency radius", spectrum));
        Map<String, double[]> sv = new LinkedHashMap<>();
        sv.put("x_T", ch.singularValuesBefore());
        sv.put("x_T'", ch.singularValuesAfter());
        p.append("<" + heading + ">Singular values of each channel, by rank (mean over channels and items)</" + heading + ">\n")
                .append(SvgLineChart.of("rank", sv));
        p.append("<" + heading + ">Where Δ is large: mean |Δ| per latent position, by category</" + heading + ">\n<table><tr>");
        double max = 0;
        for (double[] m : ch.meanAbsDelta().values()) {
            for (double v : m) {
                max = Math.max(max, v);
            }
        }
        for (String cat : ch.meanAbsDelta().keySet()) {
            p.append("<th>").append(Html.escape(cat)).append("</th>");
        }
        p.append("</tr><tr>");
        for (double[] m : ch.meanAbsDelta().values()) {
            p.append("<td><img alt=\"mean |delta|\" style=\"width:").append(ch.width() * SCALE * 2).append("px\" src=\"")
                    .append(NoisePictures.heat(m, ch.height(), ch.width(), max)).append("\"></td>");
        }
        p.append(String.format(Locale.ROOT, "</tr></table><p class=\"note\">Black 0, white %.3f (the largest cell).</p>%n", max));
        NoiseStatistics before = ch.gaussianityBefore();
        NoiseStatistics after = ch.gaussianityAfter();
        p.append("<" + heading + ">Gaussianity (mean over items of each noise's statistics)</" + heading + ">\n<table><tr><th></th><th>mean</th>")
                .append("<th>variance</th><th>Kolmogorov–Smirnov D against N(0, 1)</th></tr>");
        p.append(String.format(Locale.ROOT, "<tr><th>x_T</th><td>%+.4f</td><td>%.4f</td><td>%.4f</td></tr>", before.mean(),
                before.variance(), before.ksStatistic()));
        p.append(String.format(Locale.ROOT, "<tr><th>x_T'</th><td>%+.4f</td><td>%.4f</td><td>%.4f</td></tr></table>%n", after.mean(),
                after.variance(), after.ksStatistic()));
    }

}
