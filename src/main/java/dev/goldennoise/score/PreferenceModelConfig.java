package dev.goldennoise.score;

import dev.goldennoise.model.builtin.TextEncoderConfig;
import dev.goldennoise.model.builtin.WordTokenizer;

/**
 * Shape of a CLIP-style scorer: a convolutional image tower with channel widths c1 → c2 → c3 over four stride-2
 * convolutions (64 → 4 px) whose 4×4 map is flattened, so positions survive (relations need them), and a text transformer
 * whose first (BOS) token state is the text vector; both projected to {@code embed} dimensions.
 */
public record PreferenceModelConfig(int c1, int c2, int c3, int embed, TextEncoderConfig text) {
    /** The preference scorer used for NPD filtering. */
    public static PreferenceModelConfig preference() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(32, 64, 128, 128, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 128, 2, 4));
    }

    /** The independent judge: other widths, a deeper and narrower text tower, other seeds and data. */
    public static PreferenceModelConfig judge() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(24, 48, 96, 96, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 96, 3, 4));
    }

    public static PreferenceModelConfig tiny() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(8, 8, 16, 16, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 16, 1, 2));
    }
}
