package dev.goldennoise.noise;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What building a strategy from its name may need beyond the name: the sampling settings (best-of-N and search
 * sample their candidates with them, sampler included), the preference scorer (loaded only when a strategy asks for it) and its weights file (null
 * when it has none), the default NPNet weights,
 * and the manager that holds loaded weights for as long as the strategies are used.
 */
public record StrategyContext(int steps, double cfg, ScorerLoader preference, Path preferenceFile, Path defaultNpnet,
                              NDManager manager, SamplerSpec sampler, Path defaultRanker) {
    /** Without a default noise ranker: plain {@code rank} is refused, {@code rank:file=PATH} still works. */
    public StrategyContext(int steps, double cfg, ScorerLoader preference, Path preferenceFile, Path defaultNpnet,
                           NDManager manager, SamplerSpec sampler) {
        this(steps, cfg, preference, preferenceFile, defaultNpnet, manager, sampler, null);
    }

    /** With DDIM as the sampler that candidates are scored through. */
    public StrategyContext(int steps, double cfg, ScorerLoader preference, Path preferenceFile, Path defaultNpnet,
                           NDManager manager) {
        this(steps, cfg, preference, preferenceFile, defaultNpnet, manager, SamplerSpec.DDIM);
    }

    /**
     * The context of trained files: the preference scorer in {@code scorerDir} (loaded on first use) and the NPNet
     * weights {@code defaultNpnet} that plain {@code npnet} means, and the noise ranker {@code defaultRanker} that plain
     * {@code rank} means.
     */
    public static StrategyContext ofFiles(int steps, double cfg, Path scorerDir, Path defaultNpnet, Path defaultRanker,
                                          NDManager manager, SamplerSpec sampler) {
        Path scorer = scorerDir.resolve(Scorers.PREFERENCE + ".safetensors");
        return new StrategyContext(steps, cfg, () -> Scorers.learned(Scorers.PREFERENCE, scorer, manager), scorer,
                defaultNpnet, manager, sampler, defaultRanker);
    }

    /** Loads a scorer on first use, so that commands that never need it never read its weights. */
    @FunctionalInterface
    public interface ScorerLoader {
        Scorer load() throws IOException;
    }
}
