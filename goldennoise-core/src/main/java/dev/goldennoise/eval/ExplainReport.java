package dev.goldennoise.eval;

import dev.goldennoise.tensor.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code explain.html}: what a noise strategy changes, for people who must sign off on it. Per item: x_T, the
 * strategy's x_T', Δ per channel and its slow part, the layout each noise promises at the first step (x̂₀), the final
 * images with the checker's verdicts, and Δ under other prompts. Over a prompt set: Δ's radially averaged power
 * spectrum and its low-frequency share, singular values before and after, mean |Δ| maps per category, and the
 * Gaussianity of the noises before and after. One self-contained file: every picture is inlined.
 */
public final class ExplainReport {
    public static final String FILE = "explain.html";
    private static final String CSS = """
            body{font-family:sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
            table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
            th{background:#f3f3f3}.note{color:#555;font-size:13px;max-width:900px}
            img{image-rendering:pixelated;display:block}.n{height:64px}.i{width:96px;height:96px}
            .ok{color:#1e8c3c;font-weight:bold}.bad{color:#c62828;font-weight:bold}
            """;
    /** Pixels per latent position in the pictures of noises. */
    private static final int SCALE = 4;

    private ExplainReport() {}

    /**
     * @param strategy the strategy's name
     * @param shape    C, H, W of one latent
     */
    public static void write(Path file, String strategy, int[] shape, List<ExplainItem> items, NoiseChanges changes,
                             Map<String, Object> provenance) throws IOException {
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        StringBuilder p = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>goldennoise explain: ")
                .append(Html.escape(strategy)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        p.append("<h1>What ").append(Html.escape(strategy)).append(" changes in the initial noise</h1>\n");
        p.append("<p class=\"note\">Noises are drawn channel by channel, grey at 0; x_T and x_T' from −3 (black) to +3 (white), Δ =")
                .append(" x_T' − x_T from −max|Δ| to +max|Δ| of that item. The slow part of Δ keeps frequencies up to radius ")
                .append(changes.cutoff()).append(". \"Promised\" is the model's predicted clean image x̂₀ at the first sampling")
                .append(" step: the layout each noise sets up before any detail.</p>\n");
        for (ExplainItem item : items) {
            item(p, item, c, h, w, changes.cutoff());
        }
        p.append("<h2>Over ").append(changes.items()).append(" items</h2>\n");
        NoiseChangesHtml.append(p, changes, "h3");
        p.append("<h2>Provenance</h2>\n<table>");
        provenance.forEach((k, v) -> p.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(String.valueOf(v))).append("</td></tr>"));
        p.append("</table>\n</body></html>\n");
        AtomicFiles.writeString(file, p.toString());
    }

    private static void item(StringBuilder p, ExplainItem item, int c, int h, int w, int cutoff) {
        float[] delta = new float[item.xT().length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = item.golden()[i] - item.xT()[i];
        }
        double range = Math.max(1e-6, NoisePictures.maxAbs(delta));
        String style = String.format(Locale.ROOT, " style=\"height:%dpx\"", h * SCALE);
        p.append("<h2>").append(Html.escape(item.prompt())).append("</h2>\n<p class=\"note\">").append(Html.escape(item.category()))
                .append(", seed ").append(item.seed()).append(String.format(Locale.ROOT, "; max|Δ| %.3f, ‖Δ‖/‖x_T‖ %.3f",
                        range, norm(delta) / Math.max(1e-12, norm(item.xT())))).append("</p>\n<table><tr>");
        p.append("<th>x_T</th><th>x_T'</th><th>Δ</th><th>slow part of Δ</th></tr><tr>");
        for (String uri : List.of(NoisePictures.noise(item.xT(), c, h, w, 3), NoisePictures.noise(item.golden(), c, h, w, 3),
                NoisePictures.noise(delta, c, h, w, range),
                NoisePictures.noise(NoiseSpectrum.lowPass(delta, c, h, w, cutoff), c, h, w, range))) {
            p.append("<td><img alt=\"noise\" src=\"").append(uri).append("\"").append(style).append("></td>");
        }
        p.append("</tr></table>\n<table><tr><th>promised by x_T</th><th>promised by x_T'</th><th>image from x_T</th>")
                .append("<th>image from x_T'</th></tr><tr>");
        p.append(image(item.promisedStandard(), null)).append(image(item.promisedGolden(), null))
                .append(image(item.finalStandard(), item.correctStandard())).append(image(item.finalGolden(), item.correctGolden()));
        p.append("</tr></table>\n");
        if (!item.deltaUnderOtherPrompts().isEmpty()) {
            p.append("<table><tr><th>Δ for this x_T under</th><th>Δ</th></tr>");
            item.deltaUnderOtherPrompts().forEach((other, d) -> p.append("<tr><td>").append(Html.escape(other))
                    .append("</td><td><img alt=\"delta\" src=\"").append(NoisePictures.noise(d, c, h, w, range)).append("\"")
                    .append(style).append("></td></tr>"));
            p.append("</table>\n");
        }
    }

    private static String image(dev.goldennoise.world.RgbImage image, Boolean correct) {
        String verdict = correct == null ? "" : correct ? "<div class=\"ok\">✓ checker accepts</div>" : "<div class=\"bad\">✗ checker rejects</div>";
        return "<td><img class=\"i\" alt=\"image\" src=\"" + NoisePictures.image(image) + "\">" + verdict + "</td>";
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
