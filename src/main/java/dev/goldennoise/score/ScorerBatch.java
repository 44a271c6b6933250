package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One contrastive training batch: clean renders of prompts drawn from the whole grammar (a category uniformly, then
 * a prompt uniformly), each with one degraded copy and {@code negatives} hard-negative prompts.
 */
record ScorerBatch(List<String> prompts, List<RgbImage> clean, List<RgbImage> degraded, List<String> hardNegatives) {
    static ScorerBatch draw(Random rnd, int size, int negatives) {
        List<String> prompts = new ArrayList<>();
        List<RgbImage> clean = new ArrayList<>();
        List<RgbImage> degraded = new ArrayList<>();
        List<String> hard = new ArrayList<>();
        Category[] cats = Category.values();
        for (int i = 0; i < size; i++) {
            List<String> pool = PromptSets.all(cats[rnd.nextInt(cats.length)]);
            String prompt = pool.get(rnd.nextInt(pool.size()));
            SceneSpec spec = PromptParser.parse(prompt);
            RgbImage img = Renderer.render(spec, rnd.nextLong());
            prompts.add(prompt);
            clean.add(img);
            degraded.add(Degradations.random(img, rnd));
            List<String> neg = HardNegatives.of(spec, rnd, negatives);
            for (int k = 0; k < negatives; k++) {
                // a fixed count per row keeps the batch rectangular; a repeat only weighs that negative twice
                hard.add(neg.isEmpty() ? pool.get(rnd.nextInt(pool.size())) : neg.get(k % neg.size()));
            }
        }
        return new ScorerBatch(prompts, clean, degraded, hard);
    }
}
