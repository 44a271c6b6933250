package dev.goldennoise.cli;

import java.nio.file.Path;

/**
 * Engine settings that must be in place before DJL loads: never download (everything ships in jars), keep the
 * native cache under the user's home, and use both cores for each op with no extra inter-op threads (measured
 * fastest on 2 cores in docs/BENCHMARKS.md).
 */
final class EngineSettings {
    private EngineSettings() {}

    static void configure() {
        setDefault("ai.djl.offline", "true");
        setDefault("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
