package dev.goldennoise.npnet;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.tensor.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * NPNet weights on disk: one safetensors file whose tensor names are the parameter names ({@code ada.*},
 * {@code svd.*}, {@code res.*}, {@code alpha}, {@code beta}) and whose metadata holds the {@link NpnetConfig} as
 * JSON under {@code config}. The card beside it ({@code .card.json}) records how the weights were trained.
 */
public final class NpnetFiles {
    public static final Path DEFAULT_FILE = Path.of("models", "npnet", "npnet.safetensors");
    /**
     * NPNet with the spatial text path on 2×2 latent patches, trained on pairs of two zigzag cycles kept at 4 steps:
     * the student that helps 4-step sampling most (docs/GOLDEN_NOISE.md, "Eighth round").
     */
    public static final Path FOUR_STEP_FILE = Path.of("models", "npnet", "zigzag-patch-4step.safetensors");
    /** Sampler steps up to which plain {@code npnet} means {@link #FOUR_STEP_FILE}. */
    public static final int FOUR_STEPS = 4;
    /**
     * The same network trained on re-denoised pairs kept at 4 steps: at 8 steps no student helps, and the preference
     * scorer prefers this one's images to the zigzag student's there.
     */
    public static final Path FEW_STEP_FILE = Path.of("models", "npnet", "attention-patch-4step.safetensors");
    /** Sampler steps up to which plain {@code npnet} means {@link #FEW_STEP_FILE} (above {@link #FOUR_STEPS}). */
    public static final int FEW_STEPS = 8;
    public static final String FORMAT = "goldennoise-npnet-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NpnetFiles() {}

    public static void save(Npnet net, Path file) throws IOException {
        Safetensors.write(file, net.params().all(), Map.of("config", JSON.writeValueAsString(net.config()), "format", FORMAT));
    }

    /**
     * The shipped weights plain {@code npnet} means for a sampler of {@code steps} steps, relative to the goldennoise
     * folder. No student measured helps at every step count: the zigzag and re-denoise students gain at 4 steps and
     * tie at 8, the search student gains a little at 20 and ties at 4 and 8, so each is the default where the
     * preference scorer likes it best.
     */
    public static Path defaultFor(int steps) {
        if (steps <= FOUR_STEPS) {
            return FOUR_STEP_FILE;
        }
        return steps <= FEW_STEPS ? FEW_STEP_FILE : DEFAULT_FILE;
    }

    public static Path cardPath(Path weights) {
        String name = weights.getFileName().toString().replaceFirst("\\.safetensors$", "");
        return weights.resolveSibling(name + ".card.json");
    }

    /** The configuration stored in a weights file, without loading the weights. */
    public static NpnetConfig config(Path file, NDManager manager) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            return readConfig(file, Safetensors.read(file, scratch));
        }
    }

    private static NpnetConfig readConfig(Path file, Safetensors.Contents c) throws IOException {
        String json = c.metadata().get("config");
        if (json == null || !FORMAT.equals(c.metadata().get("format"))) {
            throw new IOException(file + " is not NPNet weights (no " + FORMAT + " metadata); train them with ./goldennoise train-npnet");
        }
        return JSON.readValue(json, NpnetConfig.class);
    }

    /**
     * Loads weights for a model with the given latent (C, H, W) and text (T, D) shapes. Weights made for other shapes
     * are refused with both shapes named: NPNet is tied to its base model's latent and text encoder.
     */
    public static Npnet load(Path file, int channels, int height, int width, int tokens, int textWidth, NDManager manager)
            throws IOException {
        String retrain = "train NPNet for this model with ./goldennoise train-npnet";
        if (!Files.isRegularFile(file)) {
            throw new IOException("NPNet weights not found at " + file + "; " + retrain + " (see docs/GOLDEN_NOISE.md)");
        }
        try (NDManager scratch = manager.newSubManager()) {
            Safetensors.Contents c = Safetensors.read(file, scratch);
            NpnetConfig config = readConfig(file, c);
            if (!config.fits(channels, height, width, tokens, textWidth)) {
                throw new IllegalArgumentException("NPNet weights " + file + " were trained for " + config.describeShapes()
                        + ", but this model has " + NpnetConfig.describeShapes(channels, height, width, tokens, textWidth)
                        + "; " + retrain);
            }
            Npnet net = new Npnet(config, manager, 0);
            try {
                net.params().load(c.tensors(), "", file.toString());
            } catch (IllegalArgumentException e) {
                net.close();
                throw new IOException(e.getMessage() + "; " + retrain, e);
            }
            return net;
        }
    }
}
