package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelledStrategyTest {
    private static List<String> labels(List<String> names) {
        return LabelledStrategy.fromNames(names).stream().map(LabelledStrategy::label).toList();
    }

    @Test
    void repeatsGetNumberedLabelsAndTheBaselineComesFirst() {
        assertEquals(List.of("standard", "standard#2", "standard#3"), labels(List.of("standard", "standard", " standard")));
        assertEquals(List.of("standard"), labels(List.of()));
        assertEquals("standard", LabelledStrategy.fromNames(List.of("standard", "standard")).get(1).strategy().name());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelledStrategy.fromNames(List.of("standard", "magic")));
    }
}
