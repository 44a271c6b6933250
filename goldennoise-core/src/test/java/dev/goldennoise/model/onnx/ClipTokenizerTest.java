package dev.goldennoise.model.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipTokenizerTest {
    /**
     * A few entries of CLIP's real vocabulary with their real ids (a</w> 320, photo</w> 1125, of</w> 539, cat</w> 2368,
     * the start and end tokens) and the merges that build them; the full 49k-entry files are not available here.
     */
    private static Path folder(Path dir, String extraConfig) throws IOException {
        Files.writeString(dir.resolve("vocab.json"), """
                {"a</w>": 320, "photo</w>": 1125, "of</w>": 539, "cat</w>": 2368, "<|startoftext|>": 49406,
                 "<|endoftext|>": 49407, "!": 0, "!</w>": 256, ",</w>": 267, "ab": 10, "c</w>": 11, "a": 12, "bc</w>": 13,
                 "cats</w>": 3989, "ca": 14, "ph": 15, "pho": 16, "phot": 17, "h": 20, "i": 21, "hi</w>": 1883,
                 "b": 22, "7</w>": 277, "s</w>": 82}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("merges.txt"), String.join("\n", List.of("#version: 0.2",
                "p h", "ph o", "pho t", "phot o</w>", "o f</w>", "c a", "ca t</w>", "ca t", "cat s</w>", "h i</w>", "a b")) + "\n",
                StandardCharsets.UTF_8);
        if (extraConfig != null) {
            Files.writeString(dir.resolve("special_tokens_map.json"), extraConfig, StandardCharsets.UTF_8);
        }
        return dir;
    }

    @Test
    void aPhotoOfACatGivesClipsIds(@TempDir Path dir) throws IOException {
        ClipTokenizer t = ClipTokenizer.load(folder(dir, null));
        int[] ids = t.encode("a photo of a cat");
        assertArrayEquals(new int[] {49406, 320, 1125, 539, 320, 2368, 49407}, Arrays.copyOf(ids, 7));
        assertEquals(77, ids.length);
        for (int i = 7; i < 77; i++) {
            assertEquals(49407, ids[i], "SD 1.x pads with the end token");
        }
    }

    @Test
    void lowerCasesCollapsesSpaceAndSplitsPunctuation(@TempDir Path dir) throws IOException {
        ClipTokenizer t = ClipTokenizer.load(folder(dir, null));
        assertEquals(List.of("a</w>", "photo</w>", "of</w>", "cats</w>", ",</w>", "hi</w>", "!</w>", "7</w>"),
                t.tokens("  A   PHOTO of\tCats, hi! 7 "));
    }

    @Test
    void mergesApplyInRankOrder(@TempDir Path dir) throws IOException {
        // "abc" → a b c</w>; with "a b" the only rule, it becomes ab c</w>
        assertEquals(List.of("ab", "c</w>"), ClipTokenizer.load(folder(dir, null)).tokens("abc"));
        // with "b c</w>" ranked above "a b", the same word becomes a bc</w>
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nb c</w>\na b\n", StandardCharsets.UTF_8);
        assertEquals(List.of("a", "bc</w>"), ClipTokenizer.load(dir).tokens("abc"));
    }

    @Test
    void padsWithTheConfiguredTokenAndTruncatesKeepingTheEnd(@TempDir Path dir) throws IOException {
        ClipTokenizer t = ClipTokenizer.load(folder(dir, "{\"pad_token\": \"!\"}"));
        int[] ids = t.encode("a cat");
        assertArrayEquals(new int[] {49406, 320, 2368, 49407, 0, 0}, Arrays.copyOf(ids, 6));
        int[] longIds = t.encode("a ".repeat(100));
        assertEquals(77, longIds.length);
        assertEquals(320, longIds[75]);
        assertEquals(49407, longIds[76]);
    }

    @Test
    void unknownTokensAndMissingFilesAreNamed(@TempDir Path dir) throws IOException {
        ClipTokenizer t = ClipTokenizer.load(folder(dir, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("dog"));
        assertTrue(e.getMessage().contains("dog"), e.getMessage());
        Files.delete(dir.resolve("merges.txt"));
        IOException missing = assertThrows(IOException.class, () -> ClipTokenizer.load(dir));
        assertTrue(missing.getMessage().contains("merges.txt"), missing.getMessage());
    }
}
