package dev.goldennoise.world;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RgbImageTest {
    @TempDir
    Path dir;

    private static RgbImage sample() {
        return Renderer.render(PromptParser.parse("a purple triangle and a yellow circle"), 5);
    }

    @Test
    void chwIsChannelMajorInMinusOneToOne() {
        RgbImage img = new RgbImage(3, 2);
        img.set(2, 1, 255, 0, 51);
        float[] chw = img.toChw();
        assertEquals(18, chw.length);
        assertEquals(1f, chw[5]);
        assertEquals(-1f, chw[6 + 5]);
        assertEquals(51 / 127.5f - 1f, chw[12 + 5]);
        assertEquals(-1f, chw[0]);
        RgbImage full = sample();
        assertEquals(full, RgbImage.fromChw(full.toChw(), 64, 64));
    }

    @Test
    void fromChwClamps() {
        float[] chw = {2f, -3f, Float.NaN, 0.5f, 0f, 0f};
        RgbImage img = RgbImage.fromChw(chw, 1, 2);
        assertEquals(2, img.width());
        assertEquals(1, img.height());
        assertEquals(255, img.r(0, 0));
        assertEquals(0, img.r(1, 0));
        assertEquals(128, img.g(0, 0));
        assertEquals(191, img.g(1, 0));
        assertThrows(IllegalArgumentException.class, () -> RgbImage.fromChw(new float[5], 1, 2));
    }

    @Test
    void bufferedImageRoundTrip() {
        RgbImage img = sample();
        BufferedImage b = img.toBufferedImage();
        assertEquals(64, b.getWidth());
        assertEquals(img, RgbImage.fromBufferedImage(b));
    }

    @Test
    void pngRoundTripLeavesNoTemporaryFiles() throws IOException {
        RgbImage img = sample();
        Path file = dir.resolve("x.png");
        img.writePng(file);
        img.writePng(file);
        assertEquals(img, RgbImage.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        Files.writeString(dir.resolve("not.png"), "hello");
        assertThrows(IOException.class, () -> RgbImage.read(dir.resolve("not.png")));
    }

    @Test
    void setChecksRangesAndBounds() {
        RgbImage img = new RgbImage(4, 4);
        assertThrows(IllegalArgumentException.class, () -> img.set(0, 0, 256, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> img.set(0, 0, 0, -1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> img.r(4, 0));
        assertFalse(img.equals(new RgbImage(4, 3)));
    }
}
