package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.tensor.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loading and saving the built-in model, kept apart from the networks as DJL keeps Criteria apart from Model.
 * One safetensors file holds all three networks under the prefixes {@code text.}, {@code unet.} and {@code ae.},
 * with the {@link BuiltinConfig} as JSON in the metadata key {@code config}.
 */
public final class BuiltinModelFiles {
    public static final String WEIGHTS = "base.safetensors";
    public static final String CARD = "base.card.json";
    public static final Path DEFAULT_DIR = Path.of("models", "builtin");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REBUILD = "rebuild it with ./goldennoise train-base (see docs/MODEL.md)";

    private BuiltinModelFiles() {}

    public static void save(BuiltinModel model, Path file) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>();
        all.putAll(model.text().params().prefixed("text."));
        all.putAll(model.unet().params().prefixed("unet."));
        all.putAll(model.autoencoder().params().prefixed("ae."));
        Safetensors.write(file, all, Map.of("config", JSON.writeValueAsString(model.config()), "format", "goldennoise-builtin-1"));
    }

    /** Loads a model file, or fails with a one-line message that names the file and the command that rebuilds it. */
    public static BuiltinModel load(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("built-in model weights not found at " + file + "; " + REBUILD);
        }
        try (NDManager scratch = manager.newSubManager()) {
            Safetensors.Contents contents;
            try {
                contents = Safetensors.read(file, scratch);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "; " + REBUILD, e);
            }
            String json = contents.metadata().get("config");
            if (json == null) {
                throw new IOException(file + " is not a goldennoise built-in model (no config metadata); " + REBUILD);
            }
            BuiltinModel model = new BuiltinModel(JSON.readValue(json, BuiltinConfig.class), manager, 0);
            try {
                model.text().params().load(contents.tensors(), "text.", file.toString());
                model.unet().params().load(contents.tensors(), "unet.", file.toString());
                model.autoencoder().params().load(contents.tensors(), "ae.", file.toString());
            } catch (IllegalArgumentException e) {
                model.close();
                throw new IOException(e.getMessage() + "; " + REBUILD, e);
            }
            return model;
        }
    }
}
