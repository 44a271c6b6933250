package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Locale;

/**
 * How a seed becomes an initial noise x_T ({@code --rng}). Every item of a batch gets a generator of its own, seeded
 * with its seed, as diffusers does when given one generator per image: an item's noise never depends on its batch.
 */
public enum NoiseRng {
    /** java.util.Random's Gaussians: what the built-in model was evaluated with, so shipped results stay valid. */
    JAVA("java"),
    /** {@code torch.manual_seed(seed); torch.randn(shape)} on the CPU, float32: seed N as in diffusers. */
    TORCH("torch"),
    /** The same drawn in float16, as a float16 diffusers pipeline draws its latents on a CPU generator. */
    TORCH_FP16("torch-fp16");

    private final String label;

    NoiseRng(String label) {
        this.label = label;
    }

    /** The name {@code --rng} takes, written to manifests and settings. */
    public String label() {
        return label;
    }

    /** The {@code --rng} value {@code name} means; an unknown one is refused with the list of names. */
    public static NoiseRng parse(String name) {
        for (NoiseRng r : values()) {
            if (r.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown --rng '" + name + "'; choose java, torch or torch-fp16");
    }

    /** The standard-normal values of one seed's noise, in C order. */
    public float[] gaussian(long seed, int count) {
        return switch (this) {
            case JAVA -> Seeds.gaussian(seed, count);
            case TORCH -> TorchRandn.float32(seed, count);
            case TORCH_FP16 -> TorchRandn.float16(seed, count);
        };
    }

    /** A batch (B, C, H, W) of noises, one per seed, each drawn as if alone. */
    public NDArray noise(NDManager manager, List<Long> seeds, Shape latent) {
        int per = Math.toIntExact(latent.size());
        float[] all = new float[Math.multiplyExact(per, seeds.size())];
        for (int i = 0; i < seeds.size(); i++) {
            System.arraycopy(gaussian(seeds.get(i), per), 0, all, i * per, per);
        }
        return manager.create(all, new Shape(seeds.size()).addAll(latent));
    }
}
