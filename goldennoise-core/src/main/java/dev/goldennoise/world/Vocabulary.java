package dev.goldennoise.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Every word a prompt of the grammar can contain. The order is fixed because a tokenizer numbers the words by their
 * position here: reordering or inserting words changes the meaning of trained model weights.
 */
public final class Vocabulary {
    private static final List<String> WORDS = build();

    private Vocabulary() {}

    /** The 26 words in their fixed order: function words, sizes, colours, shapes, plurals, counts. */
    public static List<String> words() {
        return WORDS;
    }

    /** Whether {@code word} (lower case) can appear in a prompt. */
    public static boolean contains(String word) {
        return WORDS.contains(word);
    }

    private static List<String> build() {
        List<String> w = new ArrayList<>(List.of("a", "and", "to", "the", "left", "right", "of", "above", "below"));
        for (Size s : Size.values()) {
            w.add(s.word());
        }
        for (Colour c : Colour.values()) {
            w.add(c.word());
        }
        for (Shape s : Shape.values()) {
            w.add(s.word());
        }
        for (Shape s : Shape.values()) {
            w.add(s.plural());
        }
        for (CountWord c : CountWord.values()) {
            w.add(c.word());
        }
        return List.copyOf(w);
    }
}
