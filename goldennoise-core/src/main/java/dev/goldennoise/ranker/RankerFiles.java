package dev.goldennoise.ranker;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.tensor.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Noise ranker weights on disk: one safetensors file of the parameters, with the {@link RankerConfig} as JSON under
 * {@code config} in its metadata. The card beside it ({@code .card.json}) records how they were trained.
 */
public final class RankerFiles {
    public static final Path DEFAULT_FILE = Path.of("models", "ranker", "ranker.safetensors");
    public static final String FORMAT = "goldennoise-ranker-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RankerFiles() {}

    public static void save(NoiseRanker ranker, Path file) throws IOException {
        Safetensors.write(file, ranker.params().all(), Map.of("config", JSON.writeValueAsString(ranker.config()), "format", FORMAT));
    }

    public static Path cardPath(Path weights) {
        String name = weights.getFileName().toString().replaceFirst("\\.safetensors$", "");
        return weights.resolveSibling(name + ".card.json");
    }

    /** Loads weights for a model with the given latent (C, H, W) and text (T, D) shapes; others are refused with both named. */
    public static NoiseRanker load(Path file, int channels, int height, int width, int tokens, int textWidth, NDManager manager)
            throws IOException {
        String retrain = "train a ranker for this model with ./goldennoise train-ranker";
        if (!Files.isRegularFile(file)) {
            throw new IOException("noise ranker weights not found at " + file + "; " + retrain);
        }
        try (NDManager scratch = manager.newSubManager()) {
            Safetensors.Contents c = Safetensors.read(file, scratch);
            String json = c.metadata().get("config");
            if (json == null || !FORMAT.equals(c.metadata().get("format"))) {
                throw new IOException(file + " is not noise ranker weights (no " + FORMAT + " metadata); " + retrain);
            }
            RankerConfig config = JSON.readValue(json, RankerConfig.class);
            if (!config.fits(channels, height, width, tokens, textWidth)) {
                throw new IllegalArgumentException("noise ranker " + file + " was trained for " + config.describeShapes()
                        + ", but this model has latent " + channels + "×" + height + "×" + width + " and text " + tokens + "×" + textWidth
                        + "; " + retrain);
            }
            NoiseRanker ranker = new NoiseRanker(config, manager, 0);
            try {
                ranker.params().load(c.tensors(), "", file.toString());
            } catch (IllegalArgumentException e) {
                ranker.close();
                throw new IOException(e.getMessage() + "; " + retrain, e);
            }
            return ranker;
        }
    }
}
