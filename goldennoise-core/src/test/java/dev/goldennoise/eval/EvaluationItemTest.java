package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluationItemTest {
    @Test
    void everyPromptGetsEverySeedAndRepeatsGetNewSeeds() {
        List<EvaluationItem> items = EvaluationItem.expand(
                List.of("a red circle", "two blue squares", "a red circle"), List.of(0L, 7L));
        assertEquals(6, items.size());
        assertEquals(new EvaluationItem(0, "a red circle", "single", 0), items.get(0));
        assertEquals(new EvaluationItem(0, "a red circle", "single", 7), items.get(1));
        assertEquals(new EvaluationItem(1, "two blue squares", "counting", 0), items.get(2));
        // the second occurrence of a prompt is shifted by the stride, so it is a different image
        assertEquals(new EvaluationItem(2, "a red circle", "single", 1000), items.get(4));
        assertEquals(new EvaluationItem(2, "a red circle", "single", 1007), items.get(5));
    }

    @Test
    void aSeedCollisionBetweenRepeatsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationItem.expand(List.of("a red circle", "a red circle"), List.of(0L, 1000L)));
        assertEquals(true, e.getMessage().contains("--seeds"), e.getMessage());
    }

    @Test
    void distinctNoisesGiveEveryItemItsOwnSeed() {
        List<String> prompts = List.of("a red circle", "two blue squares", "a red circle", "a green triangle");
        List<EvaluationItem> shared = EvaluationItem.expand(prompts, List.of(0L, 1L));
        assertEquals(3, shared.stream().filter(it -> it.seed() == 0L).count(), "shared: every first occurrence starts from seed 0's noise");
        List<EvaluationItem> distinct = EvaluationItem.expand(prompts, List.of(0L, 1L), true);
        assertEquals(8, distinct.size());
        assertEquals(8, distinct.stream().map(EvaluationItem::seed).distinct().count());
        for (EvaluationItem it : distinct) {
            assertTrue(it.seed() >= 0);
        }
        assertEquals(EvaluationItem.distinctSeed(1L, 2), distinct.get(5).seed(), "prompt 2 under seed 1");
        assertEquals(distinct, EvaluationItem.expand(prompts, List.of(0L, 1L), true), "the same seeds give the same items");
    }
}
