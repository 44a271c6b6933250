package dev.goldennoise.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurveCommandTest {
    @TempDir
    Path dir;

    /** Results in evaluate's layout: standard at 40% accuracy, the rest as given, on "all" and "single". */
    private Path results() throws IOException {
        StringBuilder s = new StringBuilder("{\"summary\": {");
        String[][] rows = {{"standard", "0.40"}, {"npnet:zero", "0.42"}, {"npnet:scratch-50", "0.38"}, {"npnet:scratch-150", "0.50"},
                {"npnet:tuned-50", "0.46"}, {"npnet:tuned-150", "0.49"}};
        for (int i = 0; i < rows.length; i++) {
            s.append(i > 0 ? "," : "").append('"').append(rows[i][0]).append("\": {\"all\": {\"checker_accuracy\": ").append(rows[i][1])
                    .append("}, \"single\": {\"checker_accuracy\": 0.9}}");
        }
        Path file = dir.resolve("results.json");
        Files.writeString(file, s.append("}}").toString());
        return file;
    }

    @Test
    void gainsAreAccuracyOverStandardAndSharesOfTheReference() throws IOException {
        Path out = dir.resolve("curve/few.html");
        CliTest.Run r = CliTest.run("curve", results().getParent().toString(), "--sizes", "150,50", "--zero-shot", "fine-tuned=npnet:zero",
                "--series", "from scratch=npnet:scratch-{n}", "--series", "fine-tuned=npnet:tuned-{n}", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // the reference defaults to the first series at the largest size: scratch-150, +10 points
        assertTrue(r.out().contains("reference npnet:scratch-150: +10.0 points"), r.out());
        assertTrue(r.out().matches("(?s).*fine-tuned\\s+50 pairs\\s+\\+6\\.0 points\\s+60% of the reference.*"), r.out());
        assertTrue(r.out().matches("(?s).*from scratch\\s+50 pairs\\s+-2\\.0 points.*"), r.out());
        assertTrue(r.out().matches("(?s).*fine-tuned\\s+0 pairs\\s+\\+2\\.0 points\\s+20% of the reference.*"), r.out());
        assertFalse(r.out().matches("(?s).*from scratch\\s+0 pairs.*"), "only the fine-tuned series starts from the zero-shot net");
        String svg = Files.readString(dir.resolve("curve/few.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("polyline") && svg.contains("80% of it"), svg);
        String html = Files.readString(out);
        assertTrue(html.contains("<svg") && html.contains("npnet:tuned-150") && html.contains("+9.0"), html);
    }

    @Test
    void badInputIsOneLine() throws IOException {
        String res = results().toString();
        CliTest.assertOneLineError(CliTest.run("curve", res, "--sizes", "50", "--series", "a=npnet:missing-{n}",
                "--out", dir.resolve("a.html").toString()), "no strategy npnet:missing-50");
        CliTest.assertOneLineError(CliTest.run("curve", res, "--sizes", "50", "--series", "a=npnet:scratch-50",
                "--out", dir.resolve("b.html").toString()), "{n}");
        CliTest.assertOneLineError(CliTest.run("curve", res, "--sizes", "50", "--series", "a=npnet:scratch-{n}", "--group", "position",
                "--out", dir.resolve("c.html").toString()), "group 'position'");
        CliTest.assertOneLineError(CliTest.run("curve", dir.resolve("none.json").toString(), "--sizes", "50", "--series",
                "a=npnet:scratch-{n}", "--out", dir.resolve("d.html").toString()), "not found");
        CliTest.assertOneLineError(CliTest.run("curve", res, "--sizes", "50", "--series", "a=npnet:scratch-{n}",
                "--out", dir.resolve("d.png").toString()), ".html");
        CliTest.assertOneLineError(CliTest.run("curve", res, "--sizes", "50", "--series", "a=npnet:scratch-{n}", "--zero-shot",
                "b=npnet:zero", "--out", dir.resolve("e.html").toString()), "series 'b'");
    }
}
