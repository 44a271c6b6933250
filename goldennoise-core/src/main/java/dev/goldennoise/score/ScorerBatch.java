package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One contrastive training batch: clean renders of prompts drawn from the whole grammar (a category uniformly, then
 * a prompt uniformly), each with one degraded copy, {@code negatives} hard-negative prompts, and one
 * counterfactual: a render of one of those hard negatives (the same objects, the other way round; three circles
 * where the prompt says two), which the true prompt must rank below its own render. Prompt negatives alone teach
 * the text tower to read word order; the counterfactual makes the image tower tell layouts apart.
 */
record ScorerBatch(List<String> prompts, List<RgbImage> clean, List<RgbImage> degraded, List<String> hardNegatives,
                   List<RgbImage> counterfactual) {

    static ScorerBatch draw(Random rnd, int size, int negatives) {
        return draw(rnd, size, negatives, PreferenceTrainingOptions.DEFAULT_KIND_WEIGHTS);
    }

    static ScorerBatch draw(Random rnd, int size, int negatives, Map<String, Integer> kindWeights) {
        return draw(rnd, size, negatives, kindWeights, List.of(Category.values()));
    }

    /** A batch whose prompts come from {@code categories} only (a curriculum's first steps). */
    static ScorerBatch draw(Random rnd, int size, int negatives, Map<String, Integer> kindWeights, List<Category> categories) {
        List<String> prompts = new ArrayList<>();
        List<RgbImage> clean = new ArrayList<>();
        List<RgbImage> degraded = new ArrayList<>();
        List<String> hard = new ArrayList<>();
        List<RgbImage> counterfactual = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            List<String> pool = PromptSets.all(categories.get(rnd.nextInt(categories.size())));
            String prompt = pool.get(rnd.nextInt(pool.size()));
            SceneSpec spec = PromptParser.parse(prompt);
            RgbImage img = Renderer.render(spec, rnd.nextLong());
            prompts.add(prompt);
            clean.add(img);
            degraded.add(Degradations.random(img, rnd));
            List<String> neg = HardNegatives.of(spec, rnd, negatives, kindWeights);
            for (int k = 0; k < negatives; k++) {
                // a fixed count per row keeps the batch rectangular; a repeat only weighs that negative twice
                hard.add(neg.isEmpty() ? pool.get(rnd.nextInt(pool.size())) : neg.get(k % neg.size()));
            }
            // the first negative was drawn with the kind weights, so it is most often relational or a count change
            counterfactual.add(neg.isEmpty() ? degraded.get(i) : Renderer.render(PromptParser.parse(neg.get(0)), rnd.nextLong()));
        }
        return new ScorerBatch(prompts, clean, degraded, hard, counterfactual);
    }
}
