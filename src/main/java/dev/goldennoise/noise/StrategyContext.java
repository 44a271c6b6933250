package dev.goldennoise.noise;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.score.Scorer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What building a strategy from its name may need beyond the name: the sampling settings (best-of-N samples its
 * candidates with them), the preference scorer (loaded only when a strategy asks for it) and its weights file (null
 * when it has none), the default NPNet weights,
 * and the manager that holds loaded weights for as long as the strategies are used.
 */
public record StrategyContext(int steps, double cfg, ScorerLoader preference, Path preferenceFile, Path defaultNpnet,
                              NDManager manager) {
    /** Loads a scorer on first use, so that commands that never need it never read its weights. */
    @FunctionalInterface
    public interface ScorerLoader {
        Scorer load() throws IOException;
    }
}
