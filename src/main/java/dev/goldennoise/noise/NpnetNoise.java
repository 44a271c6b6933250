package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    private Npnet net;

    private NpnetNoise(String name, Path weights, NDManager manager) {
        this.name = name;
        this.weights = weights;
        this.manager = manager;
    }

    /** {@code npnet} (the shipped weights) or {@code npnet:PATH}. */
    static NpnetNoise load(String spec, StrategyContext context) {
        Path file = spec.equals(NAME) ? context.defaultNpnet() : Path.of(spec.substring(NAME.length() + 1));
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("NPNet weights not found at " + file
                    + "; train them with ./goldennoise train-npnet, or pass npnet:PATH");
        }
        return new NpnetNoise(spec, file, context.manager());
    }

    /** A strategy around an NPNet already in memory (the library call). */
    public static NpnetNoise of(Npnet net) {
        NpnetNoise n = new NpnetNoise(NAME, null, null);
        n.net = net;
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    /** The golden noises of x_T (B, C, H, W) for prompts with token embeddings (B, T, D). */
    public NDArray golden(NDArray xT, NDArray tokens, DiffusionModel model) {
        return network(model).forward(xT, tokens);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        return golden(xT, batch.cond().tokens(), model);
    }

    private synchronized Npnet network(DiffusionModel model) {
        if (net == null) {
            long[] s = model.latentShape().getShape();
            try {
                net = NpnetFiles.load(weights, (int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(),
                        model.textEncoder().width(), manager);
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
