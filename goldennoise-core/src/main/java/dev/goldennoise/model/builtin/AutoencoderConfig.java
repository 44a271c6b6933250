package dev.goldennoise.model.builtin;

/**
 * Shape of the built-in autoencoder, 3×64×64 ↔ latentChannels×16×16, and the factor that scales latents to about
 * unit variance (measured after training, as Stable Diffusion's 0.18215 was).
 */
public record AutoencoderConfig(int channels1, int channels2, int latentChannels, double latentScale) {
    public static AutoencoderConfig standard() {
        return new AutoencoderConfig(32, 64, 4, 1.0);
    }

    public AutoencoderConfig withLatentScale(double scale) {
        return new AutoencoderConfig(channels1, channels2, latentChannels, scale);
    }
}
