package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resumable training state in one safetensors file: named parameter sets and optimizer moments under prefixes,
 * plus the step, the running loss and the training time so far in the metadata.
 */
public final class TrainingCheckpoint {
    /** What a resumed run continues from. */
    public record State(int step, double loss, double elapsedSeconds) {
        public static final State FRESH = new State(0, Double.NaN, 0);
    }

    private TrainingCheckpoint() {}

    public static void save(Path file, State state, Map<String, ParameterSet> sets, Map<String, AdamW> opts) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>();
        sets.forEach((prefix, set) -> all.putAll(set.prefixed(prefix)));
        // a checkpoint every epoch or every few steps: the step counters must not pile up in the weights' manager
        try (NDManager scratch = NDManager.newBaseManager()) {
            opts.forEach((prefix, opt) -> opt.state(scratch).forEach((k, v) -> all.put(prefix + k, v)));
            Safetensors.write(file, all, Map.of("step", Integer.toString(state.step()), "loss", Double.toString(state.loss()),
                    "elapsed_s", Double.toString(state.elapsedSeconds())));
        }
    }

    /** Loads into the given sets and optimizers; a missing file means a fresh start. */
    public static State load(Path file, NDManager manager, Map<String, ParameterSet> sets, Map<String, AdamW> opts)
            throws IOException {
        if (!Files.exists(file)) {
            return State.FRESH;
        }
        try (NDManager m = manager.newSubManager()) {
            Safetensors.Contents c = Safetensors.read(file, m);
            for (Map.Entry<String, ParameterSet> e : sets.entrySet()) {
                e.getValue().load(c.tensors(), e.getKey(), file.toString());
            }
            for (Map.Entry<String, AdamW> e : opts.entrySet()) {
                Map<String, NDArray> state = new LinkedHashMap<>();
                c.tensors().forEach((k, v) -> {
                    if (k.startsWith(e.getKey())) {
                        state.put(k.substring(e.getKey().length()), v);
                    }
                });
                e.getValue().restore(state);
            }
            State s = new State(Integer.parseInt(c.metadata().get("step")),
                    Double.parseDouble(c.metadata().getOrDefault("loss", "NaN")),
                    Double.parseDouble(c.metadata().getOrDefault("elapsed_s", "0")));
            System.err.println("resuming from " + file + " at step " + s.step());
            return s;
        }
    }
}
