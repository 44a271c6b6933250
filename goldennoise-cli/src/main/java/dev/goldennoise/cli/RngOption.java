package dev.goldennoise.cli;

import dev.goldennoise.tensor.NoiseRng;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --rng}: how seeds become initial noises. The default depends on the model: an exported Stable Diffusion
 * model draws as torch does, so that seed N is seed N in diffusers; the built-in model keeps java.util.Random, which
 * every shipped figure and weight was made with.
 */
public final class RngOption {
    @Option(names = "--rng", paramLabel = "NAME",
            description = "How a seed becomes the initial noise: torch (torch.manual_seed(seed); torch.randn on the CPU,"
                    + " float32: seed N as in diffusers), torch-fp16 (drawn as a float16 diffusers pipeline draws it),"
                    + " java (java.util.Random) (default: torch for an exported model, java for the built-in one).")
    String rng;

    /** The generator for a run on {@code model}. */
    public NoiseRng resolve(ModelOption model) {
        if (rng == null) {
            return model.isExport() ? NoiseRng.TORCH : NoiseRng.JAVA;
        }
        try {
            return NoiseRng.parse(rng);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The option as command-line words, for commands that run another (demo runs evaluate). */
    List<String> arguments() {
        return rng == null ? List.of() : List.of("--rng", rng);
    }
}
