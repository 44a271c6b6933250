package dev.goldennoise.eval;

import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.PromptParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One (prompt, seed) pair of an evaluation. Every strategy generates it from the same initial noise x_T, the noise
 * of {@code seed}, so that strategies are compared item by item rather than on independent samples.
 *
 * @param promptIndex position of the prompt in the prompt list (names the cached image)
 * @param category    the prompt's category key, e.g. {@code position}
 * @param seed        the effective seed (see {@link #expand})
 */
public record EvaluationItem(int promptIndex, String prompt, String category, long seed) {
    /** Seed offset per earlier occurrence of the same prompt in the list. */
    public static final long OCCURRENCE_STRIDE = 1000;

    /**
     * The items of every prompt with every seed, prompt-major. The seed is the given seed, plus
     * {@value #OCCURRENCE_STRIDE} × k for the k-th repeat (k = 0 the first time) of a prompt in the list. Small
     * categories (single, counting) repeat their prompts in large sets, and without this each repeat would be the
     * very same image, counted several times in every statistic.
     */
    public static List<EvaluationItem> expand(List<String> prompts, List<Long> seeds) {
        return expand(prompts, seeds, false);
    }

    /**
     * As {@link #expand(List, List)}, or with {@code distinct} every item's noise its own: the seed of prompt i under
     * seed s is {@link #distinctSeed}(s, i). With shared seeds every prompt's first item under s starts from the very
     * same x_T, so a whole evaluation rests on as few initial noises as there are seeds (times repeats), and a
     * strategy that only swaps that noise for another draw gains or loses by how good those few noises happen to be.
     */
    public static List<EvaluationItem> expand(List<String> prompts, List<Long> seeds, boolean distinct) {
        return expand(prompts, seeds, p -> PromptParser.parse(p).category().key(), distinct);
    }

    /** Free-text prompts (an export's): one group, {@value #FREE_TEXT}, since there are no shapes categories. */
    public static List<EvaluationItem> expandFree(List<String> prompts, List<Long> seeds) {
        return expandFree(prompts, seeds, false);
    }

    public static List<EvaluationItem> expandFree(List<String> prompts, List<Long> seeds, boolean distinct) {
        return expand(prompts, seeds, p -> FREE_TEXT, distinct);
    }

    /** The seed of prompt index i under seed s with distinct item noises: mixed, non-negative. */
    public static long distinctSeed(long s, int promptIndex) {
        return Seeds.mix(s, promptIndex) >>> 1;
    }

    /** The category of every free-text prompt. */
    public static final String FREE_TEXT = "text";

    private static List<EvaluationItem> expand(List<String> prompts, List<Long> seeds, Function<String, String> categoryOf,
                                               boolean distinct) {
        Map<String, Integer> occurrences = new HashMap<>();
        Set<String> seen = new HashSet<>();
        List<EvaluationItem> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            int k = occurrences.merge(prompt, 1, Integer::sum) - 1;
            String category = categoryOf.apply(prompt);
            for (long s : seeds) {
                long seed = distinct ? distinctSeed(s, i) : s + OCCURRENCE_STRIDE * k;
                if (!seen.add(seed + " " + prompt)) {
                    throw new IllegalArgumentException("'" + prompt + "' would get seed " + seed + " twice: a repeated prompt adds "
                            + OCCURRENCE_STRIDE + " to its seeds per repeat, so keep --seeds below " + OCCURRENCE_STRIDE
                            + " or do not repeat prompts");
                }
                out.add(new EvaluationItem(i, prompt, category, seed));
            }
        }
        return List.copyOf(out);
    }
}
