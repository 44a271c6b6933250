package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.Scalars;

/**
 * A deterministic convolutional autoencoder (no KL term) between 3×64×64 images in [-1, 1] and 4×16×16 latents.
 * Each layer is conv3×3 + GroupNorm + SiLU; downsampling by stride-2 convs, upsampling by nearest ×2 + conv
 * (DJL's transposed convolution is not implemented on PyTorch).
 */
public final class Autoencoder {
    private final AutoencoderConfig config;
    private final ParameterSet p;

    public Autoencoder(AutoencoderConfig config, ParameterSet params) {
        this.config = config;
        this.p = params;
        int c1 = config.channels1();
        int c2 = config.channels2();
        conv("enc.in", 3, c1, 3, false);
        conv("enc.l1", c1, c2, 3, true); // stride 2: 64 → 32
        conv("enc.l2", c2, c2, 3, true);
        conv("enc.l3", c2, c2, 3, true); // stride 2: 32 → 16
        conv("enc.l4", c2, c2, 3, true);
        conv("enc.out", c2, config.latentChannels(), 3, false);
        conv("dec.in", config.latentChannels(), c2, 3, true);
        conv("dec.l1", c2, c2, 3, true);
        conv("dec.l2", c2, c2, 3, true); // after up: 16 → 32
        conv("dec.l3", c2, c1, 3, true);
        conv("dec.l4", c1, c1, 3, true); // after up: 32 → 64
        conv("dec.out", c1, 3, 3, false);
    }

    private void conv(String name, int cin, int cout, int k, boolean norm) {
        p.uniform(name + ".w", new Shape(cout, cin, k, k), (long) cin * k * k, 1);
        p.constant(name + ".b", new Shape(cout), 0);
        if (norm) {
            p.constant(name + ".gn.g", new Shape(cout), 1);
            p.constant(name + ".gn.b", new Shape(cout), 0);
        }
    }

    private NDArray layer(String name, NDArray x, int stride) {
        NDArray h = Nn.conv2d(x, p.get(name + ".w"), p.get(name + ".b"), stride);
        int groups = Nn.groupsFor(h.getShape().get(1));
        return Nn.silu(Nn.groupNorm(h, Math.min(groups, 8), p.get(name + ".gn.g"), p.get(name + ".gn.b")));
    }

    public AutoencoderConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    /** Unscaled latents (B, 4, 16, 16) of images (B, 3, 64, 64). */
    public NDArray encodeRaw(NDArray images) {
        NDArray h = Nn.silu(Nn.conv2d(images, p.get("enc.in.w"), p.get("enc.in.b"), 1));
        h = layer("enc.l1", h, 2);
        h = layer("enc.l2", h, 1);
        h = layer("enc.l3", h, 2);
        h = layer("enc.l4", h, 1);
        return Nn.conv2d(h, p.get("enc.out.w"), p.get("enc.out.b"), 1);
    }

    public NDArray decodeRaw(NDArray latents) {
        NDArray h = layer("dec.in", latents, 1);
        h = layer("dec.l1", h, 1);
        h = layer("dec.l2", Nn.upsample2x(h), 1);
        h = layer("dec.l3", h, 1);
        h = layer("dec.l4", Nn.upsample2x(h), 1);
        return Nn.conv2d(h, p.get("dec.out.w"), p.get("dec.out.b"), 1);
    }

    /** Latents scaled to about unit variance, the space the UNet works in. */
    public NDArray encode(NDArray images) {
        return Scalars.times(encodeRaw(images), config.latentScale());
    }

    public NDArray decode(NDArray latents) {
        return decodeRaw(Scalars.over(latents, config.latentScale()));
    }
}
