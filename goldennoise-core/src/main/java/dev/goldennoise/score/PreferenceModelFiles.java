package dev.goldennoise.score;

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
 * Loading and saving scorer weights: one safetensors file with the prefixes {@code image.} and {@code text.}, the
 * {@link PreferenceModelConfig} as JSON in the metadata key {@code config} and the scorer's kind in {@code kind}.
 */
public final class PreferenceModelFiles {
    public static final Path DEFAULT_DIR = Path.of("models", "scorer");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreferenceModelFiles() {}

    public static void save(PreferenceModel model, String kind, Path file) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>();
        all.putAll(model.imageParams().prefixed("image."));
        all.putAll(model.textParams().prefixed("text."));
        Safetensors.write(file, all, Map.of("config", JSON.writeValueAsString(model.config()), "kind", kind,
                "format", "goldennoise-scorer-1"));
    }

    public static PreferenceModel load(Path file, NDManager manager) throws IOException {
        String rebuild = "rebuild it with ./goldennoise train-scorer (see docs/SCORERS.md)";
        if (!Files.isRegularFile(file)) {
            throw new IOException("scorer weights not found at " + file + "; " + rebuild);
        }
        try (NDManager scratch = manager.newSubManager()) {
            Safetensors.Contents c;
            try {
                c = Safetensors.read(file, scratch);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "; " + rebuild, e);
            }
            String json = c.metadata().get("config");
            if (json == null) {
                throw new IOException(file + " is not a goldennoise scorer (no config metadata); " + rebuild);
            }
            PreferenceModel model = new PreferenceModel(JSON.readValue(json, PreferenceModelConfig.class), manager, 0);
            try {
                model.imageParams().load(c.tensors(), "image.", file.toString());
                model.textParams().load(c.tensors(), "text.", file.toString());
            } catch (IllegalArgumentException e) {
                model.close();
                throw new IOException(e.getMessage() + "; " + rebuild, e);
            }
            return model;
        }
    }
}
