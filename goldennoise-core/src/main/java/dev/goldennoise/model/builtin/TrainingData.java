package dev.goldennoise.model.builtin;

import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.WorldVariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random rendered scenes from the training prompt pool, as CHW float images in [-1, 1]. */
final class TrainingData {
    static final int IMAGE = 3 * 64 * 64;

    private TrainingData() {}

    record Batch(List<String> prompts, float[] images) {}

    /** A batch fully determined by {@code rnd}: prompts, layouts and pixels. */
    static Batch batch(Random rnd, int size) {
        return batch(rnd, size, WorldVariant.STANDARD);
    }

    /** The same drawn in a variant of the world: the same prompts, layouts confined as the variant says. */
    static Batch batch(Random rnd, int size, WorldVariant world) {
        List<String> prompts = new ArrayList<>(size);
        float[] images = new float[size * IMAGE];
        for (int i = 0; i < size; i++) {
            String prompt = PromptSets.randomTrainingPrompt(rnd);
            prompts.add(prompt);
            float[] chw = Renderer.render(PromptParser.parse(prompt), rnd.nextLong(), world).toChw();
            System.arraycopy(chw, 0, images, i * IMAGE, IMAGE);
        }
        return new Batch(prompts, images);
    }
}
