package dev.goldennoise.eval;

import dev.goldennoise.world.Rgb;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageCacheTest {
    @TempDir
    Path dir;

    @Test
    void finishedImagesSurviveReopeningWithTheirTimes() throws IOException {
        EvaluationItem a = new EvaluationItem(3, "a red circle", "single", 5);
        EvaluationItem b = new EvaluationItem(4, "a red circle", "single", 1005);
        ImageCache cache = ImageCache.open(dir.resolve("standard#2"));
        assertEquals("00003-seed5.png", ImageCache.fileName(a));
        RgbImage.filled(8, 8, new Rgb(1, 2, 3)).writePng(cache.dir().resolve(ImageCache.fileName(a)));
        cache.record(List.of(new ImageCache.Entry(3, 5, ImageCache.fileName(a), 0.25)));

        ImageCache again = ImageCache.open(dir.resolve("standard#2"));
        assertNotNull(again.find(a));
        assertEquals(0.25, again.find(a).seconds());
        assertNull(again.find(b), "never finished");
        Files.delete(again.dir().resolve(ImageCache.fileName(a)));
        assertNull(again.find(a), "recorded but its PNG is gone: made again");
    }

    @Test
    void aDamagedIndexIsReportedNotIgnored() throws IOException {
        Path d = Files.createDirectories(dir.resolve("x"));
        Files.writeString(d.resolve(ImageCache.INDEX), "{not json\n");
        IOException e = assertThrows(IOException.class, () -> ImageCache.open(d));
        assertEquals(true, e.getMessage().contains("delete"), e.getMessage());
    }
}
