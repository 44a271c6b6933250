package dev.goldennoise.model.builtin;

import dev.goldennoise.world.Vocabulary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whole-word tokenizer over the shapes world's vocabulary. Every sequence is [BOS, words…, EOS, PAD…] of a fixed
 * length, so the empty (unconditional) prompt is [BOS, EOS, PAD…] and never an all-padding row.
 */
public final class WordTokenizer {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    private static final int SPECIALS = 3;

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int maxLength;

    public WordTokenizer(List<String> words, int maxLength) {
        this.words = List.copyOf(words);
        this.maxLength = maxLength;
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i + SPECIALS);
        }
    }

    /** The tokenizer of the built-in model: the world's vocabulary, 16 tokens. */
    public static WordTokenizer forWorld() {
        return new WordTokenizer(Vocabulary.words(), 16);
    }

    public int vocabularySize() {
        return words.size() + SPECIALS;
    }

    public int maxLength() {
        return maxLength;
    }

    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    public int[] encode(String prompt) {
        String norm = prompt.trim().toLowerCase(Locale.ROOT);
        List<Integer> seq = new ArrayList<>();
        seq.add(BOS);
        if (!norm.isEmpty()) {
            for (String w : norm.split("\\s+")) {
                Integer id = ids.get(w);
                if (id == null) {
                    throw new IllegalArgumentException("unknown word '" + w + "' in prompt '" + prompt
                            + "'; the built-in model knows: " + String.join(" ", words));
                }
                seq.add(id);
            }
        }
        seq.add(EOS);
        if (seq.size() > maxLength) {
            throw new IllegalArgumentException("prompt '" + prompt + "' has " + (seq.size() - 2)
                    + " words; the built-in text encoder takes at most " + (maxLength - 2));
        }
        int[] out = new int[maxLength];
        for (int i = 0; i < seq.size(); i++) {
            out[i] = seq.get(i);
        }
        return out;
    }
}
