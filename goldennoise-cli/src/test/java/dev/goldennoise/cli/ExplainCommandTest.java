package dev.goldennoise.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainCommandTest {
    @TempDir
    static Path dir;
    static Path tinyModel;

    @BeforeAll
    static void model() throws IOException {
        tinyModel = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
    }

    @Test
    void writesOneSelfContainedPageWhosePicturesDecode() throws IOException {
        Path out = dir.resolve("explain");
        CliTest.Run r = CliTest.run("explain", "a red circle", "two blue squares", "--seeds", "0", "--noise", "redenoise",
                "--steps", "2", "--per-category", "1", "--model", tinyModel.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("explain.html"));
        assertTrue(html.contains("<h2>a red circle</h2>") && html.contains("<h2>two blue squares</h2>"));
        assertTrue(html.contains("Over 4 items"), "the standard set at 1 prompt per category, seed 0");
        assertFalse(html.contains("src=\"images/") || html.contains("src=\"http"), "every picture is inlined");
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        int pictures = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(img, "picture " + pictures + " decodes");
            pictures++;
        }
        // per shown item: 4 noises, 4 images and Δ under the 1 other prompt; then the 4 categories' maps
        assertEquals(2 * 9 + 4, pictures);
        assertTrue(html.contains("checker"));
    }

    @Test
    void badInputIsOneLine() {
        CliTest.assertOneLineError(CliTest.run("explain", "a pink circle", "--model", tinyModel.toString(), "--out",
                dir.resolve("bad").toString()), "pink");
        CliTest.assertOneLineError(CliTest.run("explain", "--prompt-set", "shapes", "--model", tinyModel.toString(), "--out",
                dir.resolve("bad").toString()), "shapes");
    }
}
