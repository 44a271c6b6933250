package dev.goldennoise.model.onnx;

import java.util.List;

/**
 * How ONNX Runtime runs a model's graphs, as {@code --device}, {@code --ort-optimization} and {@code --ort-threads}
 * set it: the execution provider, the graph optimisation level and the CPU threads one operator may use.
 *
 * @param device       {@code cpu}, or {@code cuda} (the onnx-gpu build)
 * @param optimization one of {@link #OPTIMIZATION_LEVELS}; at {@code all}, a graph that fails to initialise is retried
 *                     at {@code basic} with a warning, since a fusion bug has been reported to break fully float16
 *                     graphs at opset 14 there and only there
 * @param threads      intra-op threads, 0 for ONNX Runtime's choice (one per physical core)
 */
public record OrtSettings(String device, String optimization, int threads) {
    /** ONNX Runtime's graph optimisation levels, as {@code --ort-optimization} names them. */
    public static final List<String> OPTIMIZATION_LEVELS = List.of("none", "basic", "extended", "all");
    /** ONNX Runtime's own default level, and the one that falls back when a graph fails under it. */
    public static final String DEFAULT_LEVEL = "all";

    public OrtSettings {
        if (!OPTIMIZATION_LEVELS.contains(optimization)) {
            throw new IllegalArgumentException("unknown ONNX Runtime optimisation level '" + optimization + "'; use one of " + OPTIMIZATION_LEVELS);
        }
        if (!device.equals("cpu") && !device.equals("cuda")) {
            throw new IllegalArgumentException("unknown device '" + device + "'; use cpu or cuda");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("ONNX Runtime threads must be 0 (its own choice) or more, got " + threads);
        }
    }

    /** ONNX Runtime's defaults on a device. */
    public static OrtSettings of(String device) {
        return new OrtSettings(device, DEFAULT_LEVEL, 0);
    }

    public OrtSettings withOptimization(String level) {
        return new OrtSettings(device, level, threads);
    }
}
