package dev.goldennoise.noise;

import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceScorer;
import dev.goldennoise.score.Scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds strategies from the names {@code --noise} accepts: {@code standard}, {@code redenoise} (or
 * {@code redenoise:wl=…:ww=…:steps=…:inversion=exact|official}), {@code zigzag} (or
 * {@code zigzag:cycles=…} with re-denoise's keys), {@code npnet} (or {@code npnet:PATH} for other
 * weights), {@code rank} (or {@code rank:n=…:file=PATH}: the best of best-of-N's candidates by a learned
 * ranker), {@code search} (or {@code search:k=…:lambda=…:rounds=…}), {@code optimize} (or
 * {@code optimize:iters=…:lr=…:sampler=…}), {@code prompt-optimize} (or
 * {@code prompt-optimize:k=…:iters=…:lr=…:sampler=…}: one move per prompt), {@code best-of-N} (or {@code best-of-N:preview=K}) and the control
 * {@code scale:s=…} (x_T times a constant); any of them followed by {@code :renorm} has each output rescaled to
 * the norm of its x_T.
 */
public final class NoiseStrategies {
    private NoiseStrategies() {}

    /** The names offered in help texts and completion. */
    public static List<String> names() {
        return List.of("standard", RedenoiseSettings.NAME, ZigzagNoise.NAME, NpnetNoise.NAME, RankedNoise.NAME, SearchNoise.NAME, OptimizeNoise.NAME, PromptOptimizeNoise.NAME,
                BestOfNoise.PREFIX + "4");
    }

    public static NoiseStrategy byName(String name, StrategyContext context) {
        String s = name.trim();
        if (s.endsWith(RenormalizedNoise.SUFFIX) && s.length() > RenormalizedNoise.SUFFIX.length()) {
            return new RenormalizedNoise(byName(s.substring(0, s.length() - RenormalizedNoise.SUFFIX.length()), context));
        }
        if (s.equals("standard")) {
            return new StandardNoise();
        }
        if (s.equals(RedenoiseSettings.NAME) || s.startsWith(RedenoiseSettings.NAME + ":")) {
            return new RedenoiseNoise(RedenoiseSettings.parse(s));
        }
        if (s.equals(ScaledNoise.NAME) || s.startsWith(ScaledNoise.NAME + ":")) {
            return ScaledNoise.parse(s);
        }
        if (s.equals(ZigzagNoise.NAME) || s.startsWith(ZigzagNoise.NAME + ":")) {
            return new ZigzagNoise(ZigzagNoise.Settings.parse(s));
        }
        if (s.equals(NpnetNoise.NAME) || s.startsWith(NpnetNoise.NAME + ":")) {
            return NpnetNoise.load(s, context);
        }
        if (s.equals(RankedNoise.NAME) || s.startsWith(RankedNoise.NAME + ":")) {
            return RankedNoise.load(s, context);
        }
        if (s.equals(SearchNoise.NAME) || s.startsWith(SearchNoise.NAME + ":")) {
            SearchNoise.Settings settings = SearchNoise.Settings.parse(s);
            return new SearchNoise(settings, context.steps(), context.cfg(), preference(context, "search"), context.preferenceFile(),
                    context.sampler());
        }
        if (s.equals(OptimizeNoise.NAME) || s.startsWith(OptimizeNoise.NAME + ":")) {
            OptimizeNoise.Settings settings = OptimizeNoise.Settings.parse(s, context.steps());
            return new OptimizeNoise(settings, context.cfg(), differentiablePreference(context, OptimizeNoise.NAME), context.preferenceFile());
        }
        if (s.equals(PromptOptimizeNoise.NAME) || s.startsWith(PromptOptimizeNoise.NAME + ":")) {
            PromptOptimizeNoise.Settings settings = PromptOptimizeNoise.Settings.parse(s, context.steps());
            return new PromptOptimizeNoise(settings, context.cfg(), differentiablePreference(context, PromptOptimizeNoise.NAME), context.preferenceFile());
        }
        if (s.startsWith(BestOfNoise.PREFIX)) {
            BestOfNoise.Spec spec = BestOfNoise.parse(s); // before the scorer is loaded: a wrong N should not cost a model load
            return new BestOfNoise(spec.n(), spec.preview(), context.steps(), context.cfg(), preference(context, "best-of-N"),
                    context.preferenceFile(), context.sampler());
        }
        throw new IllegalArgumentException("unknown noise strategy '" + name + "'; available: " + String.join(", ", names())
                + " (redenoise takes options like redenoise:wl=5.5:ww=1, zigzag zigzag:cycles=3:ww=0, npnet a weights file like npnet:PATH, rank a candidate count like rank:n=16,"
                + " search options like search:k=3:lambda=0.3:rounds=1, optimize options like optimize:iters=10:lr=0.05:sampler=8:pool=4,"
                + " prompt-optimize options like prompt-optimize:k=16:iters=4:lr=0.08, best-of-N a preview like best-of-4:preview=2, scale a factor like scale:s=0.7)");
    }

    /** The preference scorer's network, for strategies that climb its gradients. */
    private static PreferenceModel differentiablePreference(StrategyContext context, String strategy) {
        Scorer scorer = preference(context, strategy);
        if (!(scorer instanceof PreferenceScorer preference)) {
            throw new IllegalArgumentException(strategy + " needs gradients of the preference scorer, and " + scorer.name()
                    + " gives only scores");
        }
        return preference.model();
    }

    /** The preference scorer a strategy ranks or climbs with, loaded on first use. */
    private static Scorer preference(StrategyContext context, String strategy) {
        try {
            return context.preference().load();
        } catch (IOException e) {
            throw new UncheckedIOException(strategy + " needs the preference scorer: " + e.getMessage(), e);
        }
    }
}
