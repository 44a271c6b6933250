package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.npnet.GoldenNoiseNet;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.npnet.official.OfficialNpnetFiles;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.Scalars;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden noise from a trained NPNet: one forward pass on x_T and the prompt's token embeddings, no denoiser call.
 * The weights are read when the strategy is built (so a missing file is reported before any work) and checked
 * against the model's latent and text shapes at first use.
 */
public final class NpnetNoise implements NoiseStrategy {
    public static final String NAME = "npnet";

    private final String name;
    private final Path weights;
    private final NDManager manager;
    private final double strength;
    private GoldenNoiseNet net;

    private NpnetNoise(String name, Path weights, NDManager manager, double strength) {
        this.name = name;
        this.weights = weights;
        this.manager = manager;
        this.strength = strength;
    }

    /**
     * {@code npnet} (the shipped weights), {@code npnet:PATH}, and either with {@code :strength=S}: the golden noise
     * is x_T + S·(NPNet(x_T) − x_T), so 1 is NPNet as trained and 0 is standard noise.
     */
    static NpnetNoise load(String spec, StrategyContext context) {
        Path file = context.defaultNpnet();
        double strength = 1.0;
        String[] parts = spec.split(":");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("strength=")) {
                try {
                    strength = Finite.require(Double.parseDouble(parts[i].substring("strength=".length())), "npnet strength");
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("npnet strength needs a number, got '" + parts[i] + "'");
                }
            } else if (!parts[i].isBlank()) {
                file = Path.of(parts[i]);
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("NPNet weights not found at " + file
                    + "; train them with ./goldennoise train-npnet, or pass npnet:PATH");
        }
        return new NpnetNoise(spec, file, context.manager(), strength);
    }

    /** A strategy around an NPNet already in memory: the library call from (x_T, prompt) to golden noise. */
    public static NpnetNoise of(GoldenNoiseNet net) {
        NpnetNoise n = new NpnetNoise(NAME, null, null, 1.0);
        n.net = net;
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Path> weightFiles() {
        return weights == null ? List.of() : List.of(weights);
    }

    /**
     * The library call: golden noises for initial noises x_T (B, C, H, W) and their B prompts, with the model's text
     * encoder. Hand the result to any sampler in place of x_T.
     */
    public NDArray golden(NDArray xT, List<String> prompts, DiffusionModel model) {
        return golden(xT, model.textEncoder().encode(prompts, xT.getManager()).tokens(), model);
    }

    /** The golden noises of x_T (B, C, H, W) for prompts with token embeddings (B, T, D). */
    public NDArray golden(NDArray xT, NDArray tokens, DiffusionModel model) {
        NDArray golden = network(model).forward(xT, tokens);
        return strength == 1.0 ? golden : xT.add(Scalars.times(golden.sub(xT), strength));
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        return golden(xT, batch.cond().tokens(), model);
    }

    /** The weights file picks the net: a PyTorch checkpoint or official tensor names mean the released NPNet. */
    private synchronized GoldenNoiseNet network(DiffusionModel model) {
        if (net == null) {
            long[] s = model.latentShape().getShape();
            int tokens = model.textEncoder().tokens();
            int width = model.textEncoder().width();
            try {
                net = OfficialNpnetFiles.isOfficial(weights)
                        ? OfficialNpnetFiles.load(weights, s, tokens, width, manager)
                        : NpnetFiles.load(weights, (int) s[0], (int) s[1], (int) s[2], tokens, width, manager);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return net;
    }

    @Override
    public int extraDenoiserCalls() {
        return 0;
    }
}
