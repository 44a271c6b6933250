package dev.goldennoise.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Float16Test {
    @Test
    void everyHalfSurvivesTheRoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Float16.toFloat((short) bits);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(f))));
                continue;
            }
            assertEquals(bits, Float16.fromFloat(f) & 0xffff, "half " + Integer.toHexString(bits));
        }
    }

    @Test
    void roundsToNearestWithTiesToEven() {
        float one = 1f;
        float ulp = 0x1p-10f; // the spacing of halves in [1, 2)
        assertEquals(one, Float16.round(one + ulp / 2), "a tie goes to the even neighbour, 1");
        assertEquals(one + 2 * ulp, Float16.round(one + 1.5f * ulp), "and here to 1 + 2 ulp");
        assertEquals(one + ulp, Float16.round(one + ulp / 2 + 0x1p-20f), "just above a tie rounds up");
        assertEquals(65504f, Float16.round(65519f), "below the overflow threshold: the largest half");
        assertEquals(Float.POSITIVE_INFINITY, Float16.round(65520f), "a tie with the overflow threshold overflows");
        assertEquals(0x1p-24f, Float16.round(0x1p-24f * 1.4f), "subnormals round too");
        assertEquals(0f, Float16.round(0x1p-26f));
        assertEquals(-0f, Float16.round(-0x1p-30f), "the sign of an underflow survives");
        assertEquals(1 / -0f, 1 / Float16.round(-0x1p-30f));
    }
}
