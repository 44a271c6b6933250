package dev.goldennoise.eval;

import dev.goldennoise.noise.StrategyContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelledStrategyTest {
    /** Strategies that need no scorer and no NPNet weights. */
    static final StrategyContext CONTEXT = new StrategyContext(20, 7.5, () -> {
        throw new IOException("no scorer in this test");
    }, null, null);

    private static List<String> labels(List<String> names) {
        return LabelledStrategy.fromNames(names, CONTEXT).stream().map(LabelledStrategy::label).toList();
    }

    @Test
    void repeatsGetNumberedLabelsAndTheBaselineComesFirst() {
        assertEquals(List.of("standard", "standard#2", "standard#3"), labels(List.of("standard", "standard", " standard")));
        assertEquals(List.of("standard"), labels(List.of()));
        assertEquals("standard", LabelledStrategy.fromNames(List.of("standard", "standard"), LabelledStrategyTest.CONTEXT).get(1).strategy().name());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelledStrategy.fromNames(List.of("standard", "magic"), CONTEXT));
    }
}
