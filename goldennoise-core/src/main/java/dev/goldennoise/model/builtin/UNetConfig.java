package dev.goldennoise.model.builtin;

/**
 * Shape of the built-in ε-prediction UNet: two resolutions (16×16 with channels1, 8×8 with channels2), cross-attention
 * to text tokens of width textWidth at both, self-attention at 8×8.
 */
public record UNetConfig(int latentChannels, int channels1, int channels2, int textWidth, int heads) {
    public static UNetConfig standard(int textWidth) {
        return new UNetConfig(4, 64, 128, textWidth, 4);
    }

    public int timeWidth() {
        return channels1 * 4;
    }
}
