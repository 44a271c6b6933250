package dev.goldennoise.io;

import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngTextTest {
    @TempDir
    Path dir;

    private static final RgbImage IMAGE = Renderer.render(PromptParser.parse("a red circle"), 1);

    @Test
    void textSurvivesTheAtomicWriteAndReadsBackInOrder() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("goldennoise:prompt", "ein roter Kreis — 赤い円 ✓ «ü»");
        text.put("goldennoise:seed", "3");
        text.put("note", "two\nlines");
        Path file = dir.resolve("a.png");
        AtomicFiles.write(file, PngText.encode(IMAGE.toBufferedImage(), text, Set.of()));

        assertEquals(text, PngText.read(file));
        assertEquals(List.copyOf(text.keySet()), List.copyOf(PngText.read(file).keySet()));
        assertEquals(IMAGE, RgbImage.read(file), "the pixels are untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void plainKeysAreTextChunksWhenLatin1HoldsThem() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("parameters", "a red circle\nSteps: 20");
        text.put("goldennoise:seed", "3");
        byte[] png = PngText.encode(IMAGE.toBufferedImage(), text, Set.of("parameters"));
        assertEquals(List.of("IHDR", "tEXt", "iTXt", "IDAT", "IEND"), chunkTypes(png));

        text.put("parameters", "赤い円\nSteps: 20");
        byte[] utf8 = PngText.encode(IMAGE.toBufferedImage(), text, Set.of("parameters"));
        assertEquals(List.of("IHDR", "iTXt", "iTXt", "IDAT", "IEND"), chunkTypes(utf8), "Latin-1 cannot hold it");
        Path file = dir.resolve("utf8.png");
        Files.write(file, utf8);
        assertEquals("赤い円\nSteps: 20", PngText.read(file).get("parameters"));
    }

    @Test
    void aPlainPngHasNoText() throws IOException {
        Path file = dir.resolve("plain.png");
        IMAGE.writePng(file);
        assertEquals(Map.of(), PngText.read(file));
    }

    @Test
    void missingAndNonPngFilesAreRefused() throws IOException {
        assertThrows(NoSuchFileException.class, () -> PngText.read(dir.resolve("missing.png")));
        Path text = dir.resolve("not.png");
        Files.writeString(text, "hello");
        IOException e = assertThrows(IOException.class, () -> PngText.read(text));
        assertTrue(e.getMessage().contains("not a PNG file"), e.getMessage());
        Path cut = dir.resolve("cut.png");
        byte[] png = PngText.encode(IMAGE.toBufferedImage(), Map.of("k", "v"), Set.of());
        Files.write(cut, java.util.Arrays.copyOf(png, 20));
        IOException damaged = assertThrows(IOException.class, () -> PngText.read(cut));
        assertTrue(damaged.getMessage().contains("not a readable PNG"), damaged.getMessage());
    }

    @Test
    void keysMustBePngKeywords() {
        assertThrows(IllegalArgumentException.class, () -> PngText.encode(IMAGE.toBufferedImage(), Map.of("", "v"), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> PngText.encode(IMAGE.toBufferedImage(), Map.of("x".repeat(80), "v"), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> PngText.encode(IMAGE.toBufferedImage(), Map.of("ключ", "v"), Set.of()));
    }

    /** The chunk types of a PNG in file order. */
    static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            types.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
            b.position(b.position() + length + 4);
        }
        return types;
    }
}
