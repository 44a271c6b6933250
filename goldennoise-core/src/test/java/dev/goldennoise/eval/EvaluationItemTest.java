package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
