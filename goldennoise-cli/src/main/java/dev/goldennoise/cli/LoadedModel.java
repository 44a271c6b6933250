package dev.goldennoise.cli;

import dev.goldennoise.diffusion.DiffusionModel;

/** A model as the commands use it, with whatever holds its weights (closed when the command ends). */
public record LoadedModel(DiffusionModel model, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
        resources.close();
    }
}
