package dev.goldennoise.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random prompts of every category for the property tests, fixed by a seed. */
final class RandomScenes {
    private RandomScenes() {}

    /** n prompts, each from a uniformly chosen category and then uniformly from all its prompts. */
    static List<String> prompts(long seed, int n) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        Category[] cats = Category.values();
        for (int i = 0; i < n; i++) {
            List<String> all = PromptSets.all(cats[rnd.nextInt(cats.length)]);
            out.add(all.get(rnd.nextInt(all.size())));
        }
        return out;
    }
}
