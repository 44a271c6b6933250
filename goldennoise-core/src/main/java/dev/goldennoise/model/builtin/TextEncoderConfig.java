package dev.goldennoise.model.builtin;

/** Shape of the built-in text transformer. */
public record TextEncoderConfig(int vocabularySize, int maxLength, int width, int layers, int heads) {
    public static TextEncoderConfig standard(WordTokenizer tokenizer) {
        return new TextEncoderConfig(tokenizer.vocabularySize(), tokenizer.maxLength(), 128, 2, 4);
    }
}
