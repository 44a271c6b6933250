package dev.goldennoise.world;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptParserTest {
    @Test
    void everyPromptRoundTrips() {
        for (Category c : Category.values()) {
            for (String p : PromptSets.all(c)) {
                SceneSpec spec = PromptParser.parse(p);
                assertEquals(c, spec.category(), p);
                assertEquals(p, spec.prompt());
                assertEquals(spec, PromptParser.parse(spec.prompt()));
            }
        }
    }

    @Test
    void readsEachCategory() {
        assertEquals(SceneSpec.single(new ObjectSpec(Colour.BLUE, Shape.SQUARE, Size.LARGE)),
                PromptParser.parse("a large blue square"));
        assertNull(PromptParser.parse("a red circle").objects().get(0).size());
        SceneSpec pos = PromptParser.parse("a red circle to the left of a blue square");
        assertEquals(Category.POSITION, pos.category());
        assertEquals(Relation.LEFT_OF, pos.relation());
        assertEquals(ObjectSpec.of(Colour.RED, Shape.CIRCLE), pos.objects().get(0));
        assertEquals(Relation.BELOW, PromptParser.parse("a red circle below a blue square").relation());
        SceneSpec count = PromptParser.parse("four black squares");
        assertEquals(Category.COUNTING, count.category());
        assertEquals(4, count.objects().size());
        assertNull(PromptParser.parse("a red circle and a blue square").relation());
    }

    @Test
    void normalisesCaseAndWhitespace() {
        assertEquals("a red circle to the right of a green triangle",
                PromptParser.parse("  A  Red\tcircle TO the right of a GREEN triangle \n").prompt());
    }

    @Test
    void unknownWordIsNamedWithTheKnownWords() {
        PromptException e = assertThrows(PromptException.class, () -> PromptParser.parse("a pink circle"));
        assertTrue(e.getMessage().startsWith("unknown word 'pink' in prompt 'a pink circle'; known words: a, and,"),
                e.getMessage());
        assertTrue(e.getMessage().contains("purple"), e.getMessage());
    }

    @Test
    void unsupportedCountsSayWhichAreSupported() {
        for (String p : List.of("five red circles", "one red circle", "2 red circles", "a red circle and ten blue squares")) {
            PromptException e = assertThrows(PromptException.class, () -> PromptParser.parse(p));
            assertTrue(e.getMessage().matches("count '\\w+' is not supported; use two, three or four.*"), e.getMessage());
        }
    }

    @Test
    void sameKindPairsAreRejected() {
        PromptException e = assertThrows(PromptException.class, () -> PromptParser.parse("a red circle and a red circle"));
        assertEquals("a pair needs two different colour-shape kinds: 'a red circle and a red circle'", e.getMessage());
        e = assertThrows(PromptException.class, () -> PromptParser.parse("a red circle above a red circle"));
        assertTrue(e.getMessage().contains("two different colour-shape kinds"), e.getMessage());
    }

    @Test
    void malformedPromptsSayWhatWasExpected() {
        assertMessage("", "empty prompt");
        assertMessage("   ", "empty prompt");
        assertMessage("two red circle", "'two red circles'");
        assertMessage("a red circles", "write 'circle'");
        assertMessage("a large red circle and a blue square", "size 'large' is only allowed in single-object prompts");
        assertMessage("two large red circles", "size 'large' is only allowed");
        assertMessage("a red circle and", "expected 'a' starting an object but found the end of the prompt");
        assertMessage("red circle", "expected 'a' starting an object but found 'red' (word 1)");
        assertMessage("a circle", "expected a colour");
        assertMessage("a red", "expected a shape");
        assertMessage("a red circle to the left a blue square", "expected 'and' or a relation");
        assertMessage("a red circle and a blue square and a green triangle", "expected the end of the prompt");
        assertMessage("three red", "expected a plural shape");
    }

    @Test
    void errorsAreOneLineIllegalArgumentExceptions() {
        for (String p : List.of("", "a pink circle", "five red circles", "a red circle and a red circle", "red",
                "a red circle\nand a red circle")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptParser.parse(p));
            assertTrue(e instanceof PromptException);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void vocabularyIsExactlyTheWordsOfTheGrammar() {
        List<String> words = Vocabulary.words();
        assertEquals(26, words.size());
        assertEquals(26, new HashSet<>(words).size());
        Set<String> used = new HashSet<>();
        for (Category c : Category.values()) {
            for (String p : PromptSets.all(c)) {
                used.addAll(List.of(p.split(" ")));
            }
        }
        assertEquals(new HashSet<>(words), used);
        assertEquals(List.of("a", "and", "to", "the", "left", "right", "of", "above", "below", "small", "large"),
                words.subList(0, 11));
    }

    @Test
    void enumWords() {
        assertEquals(Colour.PURPLE, Colour.fromWord("purple"));
        assertThrows(PromptException.class, () -> Colour.fromWord("pink"));
        assertEquals("triangles", Shape.TRIANGLE.plural());
        assertEquals("to the right of", Relation.RIGHT_OF.phrase());
        assertEquals("counting", Category.COUNTING.key());
        assertEquals(new Rgb(245, 245, 245), Palette.BACKGROUND);
        assertEquals(150, Colour.PURPLE.r());
    }

    private static void assertMessage(String prompt, String fragment) {
        PromptException e = assertThrows(PromptException.class, () -> PromptParser.parse(prompt));
        assertTrue(e.getMessage().contains(fragment), "'" + prompt + "': " + e.getMessage());
    }
}
