package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The {@code --model} option shared by every command that runs a model. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "PATH",
            description = "Weights of the built-in model (default: models/builtin/base.safetensors in the goldennoise folder).")
    Path model;

    public Path path() {
        return model != null ? model : Home.dir().resolve(BuiltinModelFiles.DEFAULT_DIR).resolve(BuiltinModelFiles.WEIGHTS);
    }

    public BuiltinModel load(NDManager manager) {
        try {
            return BuiltinModelFiles.load(path(), manager);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
