package dev.goldennoise.model.builtin;

/** The three networks' shapes together; stored in the weights file's metadata and in the model card. */
public record BuiltinConfig(AutoencoderConfig autoencoder, TextEncoderConfig textEncoder, UNetConfig unet) {
    public static BuiltinConfig standard() {
        TextEncoderConfig text = TextEncoderConfig.standard(WordTokenizer.forWorld());
        return new BuiltinConfig(AutoencoderConfig.standard(), text, UNetConfig.standard(text.width()));
    }

    /** A few-thousand-parameter version for tests: same code paths, seconds to run. */
    public static BuiltinConfig tiny() {
        WordTokenizer tok = WordTokenizer.forWorld();
        TextEncoderConfig text = new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 16, 1, 2);
        return new BuiltinConfig(new AutoencoderConfig(8, 16, 4, 1.0), text, new UNetConfig(4, 16, 32, 16, 2));
    }

    public BuiltinConfig withAutoencoder(AutoencoderConfig ae) {
        return new BuiltinConfig(ae, textEncoder, unet);
    }
}
