package dev.goldennoise.npd;

import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.Category;
import dev.goldennoise.world.PromptSets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The prompts noise pairs are collected for: every training-pool prompt that the standard evaluation set does not
 * use, so that NPNet is always evaluated on prompts it never saw. In the shapes world that leaves the pair and
 * position prompts over the kind pairs not held out; every single and counting prompt is in the evaluation set, so
 * those two categories are never collected (on them NPNet is measured for transfer).
 */
public final class NpdPrompts {
    private static final List<String> POOL = build();

    private NpdPrompts() {}

    private static List<String> build() {
        Set<String> evaluation = new HashSet<>(PromptSets.standardEvaluationSet());
        List<String> out = new ArrayList<>();
        for (Category c : Category.values()) {
            for (String p : PromptSets.trainingPool(c)) {
                if (!evaluation.contains(p)) {
                    out.add(p);
                }
            }
        }
        return List.copyOf(out);
    }

    public static List<String> pool() {
        return POOL;
    }

    /** The prompt of pair {@code index}: drawn from the pool by the collection seed and the index alone. */
    public static String promptFor(long collectionSeed, long index) {
        return promptFor(collectionSeed, index, POOL);
    }

    /** The same draw from another pool (a user's prompt list, for exported models). */
    public static String promptFor(long collectionSeed, long index, List<String> pool) {
        long h = Seeds.mix(collectionSeed, (int) (index % Integer.MAX_VALUE)) ^ (index >>> 31);
        return pool.get((int) Math.floorMod(h, (long) pool.size()));
    }

    /** The seed of the initial noise of pair {@code index}, kept non-negative as the official JSONL's seeds are. */
    public static long seedFor(long collectionSeed, long index) {
        return Seeds.mix(collectionSeed + 0x5DEECE66DL, (int) (index % Integer.MAX_VALUE)) >>> 1;
    }
}
