package dev.goldennoise.npd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NpdMarginFilterTest {
    private static final List<NoisePair> PAIRS = List.of(
            pair(0, 1.0, 2.0), pair(1, 1.0, 1.0), pair(2, 2.0, 1.0), pair(3, 1.0, 1.5), pair(4, Double.NaN, 3.0));

    @Test
    void keepsPairsWhoseGoldenNoiseBeatsTheOriginalByMoreThanTheMargin() {
        // m = 0 is the official code's original < optimized: ties are not kept
        assertEquals(List.of(0L, 3L), indices(MarginFilter.filterByMargin(PAIRS, 0)));
        // s_0 + m < s'_0 is strict: 1.0 + 0.5 < 1.5 fails
        assertEquals(List.of(0L), indices(MarginFilter.filterByMargin(PAIRS, 0.5)));
        assertEquals(List.of(0L, 1L, 3L), indices(MarginFilter.filterByMargin(PAIRS, -1)));
        assertEquals(List.of(), indices(MarginFilter.filterByMargin(PAIRS, 5)));
        assertThrows(IllegalArgumentException.class, () -> MarginFilter.filterByMargin(PAIRS, Double.NaN));
    }

    @Test
    void marginIsOptimizedMinusOriginal() {
        assertEquals(0.5, pair(0, 1.0, 1.5).margin());
        assertEquals(-1.0, pair(0, 2.0, 1.0).margin());
    }

    private static NoisePair pair(long index, double original, double optimized) {
        return new NoisePair(index, 0, "p", new float[1], new float[1], original, optimized);
    }

    private static List<Long> indices(List<NoisePair> pairs) {
        return pairs.stream().map(NoisePair::index).toList();
    }
}
