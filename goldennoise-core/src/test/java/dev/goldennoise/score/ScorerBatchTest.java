package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.PromptParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerBatchTest {
    private static Set<Category> categories(ScorerBatch b) {
        return b.prompts().stream().map(p -> PromptParser.parse(p).category()).collect(Collectors.toSet());
    }

    @Test
    void aCurriculumBatchHoldsItsCategoriesOnlyAndTheDefaultHoldsThemAll() {
        ScorerBatch positions = ScorerBatch.draw(new Random(3), 24, 2, PreferenceTrainingOptions.DEFAULT_KIND_WEIGHTS,
                List.of(Category.POSITION));
        assertEquals(Set.of(Category.POSITION), categories(positions));
        assertEquals(24, positions.counterfactual().size());
        ScorerBatch all = ScorerBatch.draw(new Random(3), 64, 2);
        assertTrue(categories(all).size() == Category.values().length, categories(all).toString());
    }
}
