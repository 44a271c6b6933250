package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner against Connor's formula worked by hand (z(0.975) = 1.959964, z(0.8) = 0.841621, z(0.9) = 1.281552). */
class PocPlanTest {
    @Test
    void itemsMatchAHandComputedSampleSize() {
        // (1.959964·√0.3 + 0.841621·√0.2975)² / 0.05² = (1.073516 + 0.459048)² / 0.0025 = 939.50 → 940
        assertEquals(940, PocPlan.items(0.05, 0.3, 0.05, 0.8));
        // (1.959964·√0.2 + 1.281552·√0.19)² / 0.1² = 205.96 → 206
        assertEquals(206, PocPlan.items(0.10, 0.2, 0.05, 0.9));
    }

    @Test
    void powerMatchesAHandComputedValueAndInvertsTheSampleSize() {
        // Φ((0.05·√500 − 1.959964·√0.3) / √0.2975) = Φ(0.08162) = 0.5325
        assertEquals(0.5325, PocPlan.power(500, 0.05, 0.3, 0.05), 1e-4);
        assertTrue(PocPlan.power(940, 0.05, 0.3, 0.05) >= 0.8);
        assertTrue(PocPlan.power(939, 0.05, 0.3, 0.05) < 0.8);
    }

    @Test
    void moreDisagreementNeedsMoreItems() {
        assertTrue(PocPlan.items(0.05, 0.4, 0.05, 0.8) > PocPlan.items(0.05, 0.2, 0.05, 0.8));
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PocPlan.items(0.2, 0.1, 0.05, 0.8));
        assertThrows(IllegalArgumentException.class, () -> PocPlan.items(0, 0.3, 0.05, 0.8));
        assertThrows(IllegalArgumentException.class, () -> PocPlan.items(Double.NaN, 0.3, 0.05, 0.8));
        assertThrows(IllegalArgumentException.class, () -> PocPlan.items(0.05, 0.3, 0.05, 1));
    }
}
