package dev.goldennoise.cli;

import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinModel;

import java.util.Optional;

/** A model as the commands use it, with whatever holds its weights (closed when the command ends). */
public record LoadedModel(DiffusionModel model, AutoCloseable resources) implements AutoCloseable {
    /** The built-in model behind {@link #model()}, for what needs its parts (its UNet's weights); empty for an export. */
    public Optional<BuiltinModel> builtin() {
        return resources instanceof BuiltinModel b ? Optional.of(b) : Optional.empty();
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
