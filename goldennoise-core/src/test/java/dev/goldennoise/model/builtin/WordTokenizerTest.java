package dev.goldennoise.model.builtin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordTokenizerTest {
    private final WordTokenizer tok = new WordTokenizer(List.of("a", "red", "circle"), 6);

    @Test
    void encodesWordsBetweenBosAndEosThenPads() {
        assertArrayEquals(new int[] {1, 3, 4, 5, 2, 0}, tok.encode("a red circle"));
        assertArrayEquals(new int[] {1, 3, 4, 5, 2, 0}, tok.encode("  A  Red circle "));
        assertEquals(6, tok.vocabularySize());
    }

    @Test
    void emptyPromptIsBosEos() {
        assertArrayEquals(new int[] {1, 2, 0, 0, 0, 0}, tok.encode(""));
    }

    @Test
    void unknownWordIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.encode("a pink circle"));
        assertTrue(e.getMessage().contains("'pink'"), e.getMessage());
    }

    @Test
    void tooLongIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.encode("a red circle a red"));
        assertTrue(e.getMessage().contains("at most 4"), e.getMessage());
    }

    @Test
    void worldTokenizerCoversEveryTrainingPrompt() {
        WordTokenizer world = WordTokenizer.forWorld();
        for (String p : dev.goldennoise.world.PromptSets.trainingPool()) {
            world.encode(p);
        }
    }
}
