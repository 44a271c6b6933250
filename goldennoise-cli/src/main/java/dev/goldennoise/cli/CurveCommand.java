package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.eval.DataEfficiencyCurve;
import dev.goldennoise.eval.ResultsJson;
import dev.goldennoise.io.JsonFiles;
import dev.goldennoise.tensor.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "curve", mixinStandardHelpOptions = true,
        header = "Draw a data-efficiency curve (checker gain against training pairs) from one evaluation's results.",
        description = {"Draw a data-efficiency curve (checker gain against training pairs) from one evaluation's results.",
                "Each --series names a way of training by a strategy template whose {n} is the pair count,",
                "for example --series \"from scratch=npnet:runs/adapt/scratch-{n}/npnet.safetensors\"; the curve",
                "reads each strategy's checker accuracy minus standard's from RESULTS. Writes FILE (.html, the",
                "chart and a table of every point) and the chart alone beside it as .svg."})
public final class CurveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RESULTS", description = "An evaluation's results.json, or the folder evaluate wrote it to.")
    Path results;

    @Option(names = "--series", paramLabel = "NAME=TEMPLATE", required = true,
            description = "A series: its name, then the strategy label with {n} for the pair count (repeatable).")
    List<String> series;

    @Option(names = "--sizes", paramLabel = "LIST", required = true, split = ",", description = "Pair counts, e.g. 50,150,600,2400.")
    List<Integer> sizes;

    @Option(names = "--zero-shot", paramLabel = "SERIES=STRATEGY", description = "A series' point at 0 pairs: the strategy it was"
            + " adapted from, e.g. \"fine-tuned=npnet:models/npnet/paper.safetensors\" (repeatable).")
    List<String> zeroShot = new ArrayList<>();

    @Option(names = "--reference", paramLabel = "STRATEGY", description = "The strategy whose gain is the 100% line (default: the"
            + " first series at the largest size, the net trained on the whole target dataset).")
    String reference;

    @Option(names = "--group", paramLabel = "NAME", defaultValue = "all", description = "all, or a category of the evaluation (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Data efficiency", description = "The page's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "out/curve.html", description = "The page (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = Files.isDirectory(results) ? results.resolve(ResultsJson.FILE) : results;
        if (!out.getFileName().toString().endsWith(".html")) {
            throw new UserError("--out " + out + " must end in .html (the chart goes beside it as .svg)");
        }
        Map<String, String> templates = pairs("--series", series, "\"fine-tuned=npnet:runs/tuned-{n}/npnet.safetensors\"");
        Map<String, String> zero = pairs("--zero-shot", zeroShot, "\"fine-tuned=npnet:models/npnet/paper.safetensors\"");
        for (String name : zero.keySet()) {
            if (!templates.containsKey(name)) {
                throw new UserError("--zero-shot names the series '" + name + "', which no --series gives; series: "
                        + String.join(", ", templates.keySet()));
            }
        }
        List<Integer> sorted = new ArrayList<>(sizes);
        sorted.sort(null);
        if (sorted.get(0) < 1) {
            throw new UserError("--sizes are pair counts of at least 1 (0 pairs is --zero-shot)");
        }
        String ref = reference != null ? reference
                : templates.values().iterator().next().replace(DataEfficiencyCurve.COUNT, Integer.toString(sorted.get(sorted.size() - 1)));
        JsonNode json;
        DataEfficiencyCurve curve;
        try {
            json = JsonFiles.read(file);
            curve = DataEfficiencyCurve.of(json, group, zero, templates, sorted, ref);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = out.getFileName().toString();
        Path svg = out.resolveSibling(name.substring(0, name.length() - ".html".length()) + ".svg");
        AtomicFiles.writeString(svg, curve.svg());
        AtomicFiles.writeString(out, curve.html(title));
        var w = spec.commandLine().getOut();
        curve.series().forEach((series, points) -> points.forEach(p -> w.printf(Locale.ROOT, "%-14s %5d pairs  %+6.1f points  %s%n",
                series, p.pairs(), p.gain(), Double.isNaN(curve.share(p)) ? "" : String.format(Locale.ROOT, "%.0f%% of the reference", 100 * curve.share(p)))));
        w.printf(Locale.ROOT, "reference %s: %+.1f points; wrote %s and %s%n", ref, curve.referenceGain(), out, svg);
        w.flush();
        return 0;
    }

    private static Map<String, String> pairs(String option, List<String> given, String example) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : given) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new UserError(option + " " + s + ": give NAME=STRATEGY, e.g. " + example);
            }
            out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        return out;
    }
}
