package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlTest {
    @Test
    void labelsWithAHashStayInThePath() {
        assertEquals("images/standard%232/00001-seed0.png", Html.relativeUrl("images/standard#2/00001-seed0.png"));
        assertEquals("a%20b", Html.relativeUrl("a b"));
    }

    @Test
    void smallImagesAreInlinedAndLargeOnesLinked(@TempDir Path dir) throws IOException {
        Path small = dir.resolve("images/standard#2/00000-seed0.png");
        Files.createDirectories(small.getParent());
        Files.write(small, new byte[] {1, 2, 3});
        Files.write(dir.resolve("images/standard#2/00001-seed0.png"), new byte[(int) HtmlReport.INLINE_LIMIT + 1]);
        assertEquals("data:image/png;base64,AQID", HtmlReport.imageSource(dir, "images/standard#2/00000-seed0.png"));
        assertEquals("images/standard%232/00001-seed0.png", HtmlReport.imageSource(dir, "images/standard#2/00001-seed0.png"));
    }

    @Test
    void markupIsEscaped() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", Html.escape("<b> & \"x\" 'y'"));
    }

    @Test
    void sampleRowsSpreadEvenly() {
        assertEquals(List.of(0, 2, 5, 7), HtmlReport.sampleRows(10, 4));
        assertEquals(List.of(0, 1, 2), HtmlReport.sampleRows(3, 24));
        assertEquals(List.of(), HtmlReport.sampleRows(3, 0));
    }

    @Test
    void repeatedFailuresAreCountedOnce() {
        assertEquals("extra: red circle ×2; missing: blue square",
                HtmlReport.failures(List.of("extra: red circle", "missing: blue square", "extra: red circle")));
        assertEquals("a; b; c; d; e; … 2 more", HtmlReport.failures(List.of("a", "b", "c", "d", "e", "f", "g")));
    }
}
