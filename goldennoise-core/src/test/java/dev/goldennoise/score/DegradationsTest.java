package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.Palette;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DegradationsTest {
    private static final int SCENES = 40;
    /**
     * Per image: mean absolute difference over all channels of all pixels, and pixels changed by at least
     * {@link #CLEAR_CHANGE} in some channel. The weakest case seen is a quarter of a small yellow triangle broken off
     * (about 0.37 and 14 pixels), so these floors catch a degradation that silently does nothing without flaking.
     */
    private static final double MIN_MEAN_ABS_DIFF = 0.15;
    private static final int MIN_CLEARLY_CHANGED = 8;
    private static final int CLEAR_CHANGE = 20;

    /** Renders of all categories in turn; ten per category. */
    private static List<RgbImage> renders() {
        Random rnd = new Random(17);
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < SCENES; i++) {
            List<String> all = PromptSets.all(Category.values()[i % Category.values().length]);
            SceneSpec spec = PromptParser.parse(all.get(rnd.nextInt(all.size())));
            out.add(Renderer.render(spec, 1000 + i));
        }
        return out;
    }

    @Test
    void eachDegradationChangesPixelsMeasurably() {
        List<RgbImage> renders = renders();
        Random rnd = new Random(3);
        for (String name : Degradations.names()) {
            double worstMad = Double.MAX_VALUE;
            double sumMad = 0;
            for (int i = 0; i < renders.size(); i++) {
                RgbImage clean = renders.get(i);
                RgbImage d = Degradations.apply(name, clean, rnd);
                assertEquals(64, d.width);
                assertEquals(64, d.height);
                double mad = meanAbsDiff(clean, d);
                int changed = clearlyChanged(clean, d);
                assertTrue(mad >= MIN_MEAN_ABS_DIFF, name + " on scene " + i + ": mean abs diff " + mad);
                assertTrue(changed >= MIN_CLEARLY_CHANGED, name + " on scene " + i + ": " + changed + " pixels changed");
                worstMad = Math.min(worstMad, mad);
                sumMad += mad;
            }
            System.out.printf("[score] degradation %-12s mean abs diff: mean %.2f, worst %.2f%n", name,
                    sumMad / renders.size(), worstMad);
        }
    }

    @Test
    void deterministicForASeedAndInputUntouched() {
        List<RgbImage> renders = renders().subList(0, 8);
        for (String name : Degradations.names()) {
            for (int i = 0; i < renders.size(); i++) {
                RgbImage clean = renders.get(i);
                RgbImage before = Degradations.blur(clean, 0);
                RgbImage a = Degradations.apply(name, clean, new Random(100 + i));
                RgbImage b = Degradations.apply(name, clean, new Random(100 + i));
                assertEquals(a, b, name + " is not deterministic");
                assertEquals(before, clean, name + " modified its input");
                assertNotEquals(clean, a);
            }
        }
        RgbImage clean = renders.get(0);
        assertEquals(Degradations.random(clean, new Random(9)), Degradations.random(clean, new Random(9)));
        assertNotEquals(clean, Degradations.random(clean, new Random(9)));
    }

    @Test
    void randomPicksEveryDegradation() {
        RgbImage clean = renders().get(1);
        List<RgbImage> seen = new ArrayList<>();
        Random rnd = new Random(8);
        for (int i = 0; i < 40; i++) {
            RgbImage d = Degradations.random(clean, rnd);
            assertNotEquals(clean, d);
            if (!seen.contains(d)) {
                seen.add(d);
            }
        }
        assertTrue(seen.size() >= 10, "random gave only " + seen.size() + " distinct images in 40 draws");
    }

    @Test
    void zeroStrengthAndEmptyImagesAreCopies() {
        RgbImage clean = renders().get(2);
        assertEquals(clean, Degradations.blur(clean, 0));
        assertEquals(clean, Degradations.noise(clean, new Random(1), 0));
        RgbImage blank = RgbImage.filled(64, 64, Palette.BACKGROUND);
        // Nothing to break, and a flat image is its own blur, smear and halo.
        assertEquals(blank, Degradations.broken(blank, new Random(1)));
        assertEquals(blank, Degradations.smear(blank, new Random(1)));
        assertEquals(blank, Degradations.colourBleed(blank, new Random(1)));
        assertEquals(blank, Degradations.blur(blank, 2));
    }

    @Test
    void brokenOnlyErasesToBackground() {
        RgbImage clean = Renderer.render(PromptParser.parse("a large red square"), 4);
        RgbImage broken = Degradations.broken(clean, new Random(2));
        int erased = 0;
        int red = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean wasRed = clean.r(x, y) == 220 && clean.g(x, y) == 40;
                red += wasRed ? 1 : 0;
                if (broken.r(x, y) != clean.r(x, y) || broken.g(x, y) != clean.g(x, y) || broken.b(x, y) != clean.b(x, y)) {
                    assertEquals(245, broken.r(x, y));
                    assertEquals(245, broken.g(x, y));
                    assertEquals(245, broken.b(x, y));
                    erased++;
                }
            }
        }
        // A crisp square has no rim, so the erased share is exactly the 25–50 % asked for (to within a pixel).
        assertTrue(erased >= 0.25 * red && erased <= 0.5 * red + 1, erased + " of " + red + " pixels erased");
    }

    @Test
    void badArgumentsAreRejected() {
        RgbImage clean = renders().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Degradations.apply("sharpen", clean, new Random(1)));
        assertTrue(e.getMessage().contains("blur"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Degradations.blur(clean, -1));
        assertThrows(IllegalArgumentException.class, () -> Degradations.noise(clean, new Random(1), -1));
        assertEquals(List.of("blur", "noise", "broken", "smear", "colour-bleed"), Degradations.names());
    }

    private static double meanAbsDiff(RgbImage a, RgbImage b) {
        double s = 0;
        for (int y = 0; y < a.height; y++) {
            for (int x = 0; x < a.width; x++) {
                s += Math.abs(a.r(x, y) - b.r(x, y)) + Math.abs(a.g(x, y) - b.g(x, y)) + Math.abs(a.b(x, y) - b.b(x, y));
            }
        }
        return s / (3.0 * a.width * a.height);
    }

    private static int clearlyChanged(RgbImage a, RgbImage b) {
        int n = 0;
        for (int y = 0; y < a.height; y++) {
            for (int x = 0; x < a.width; x++) {
                int d = Math.max(Math.abs(a.r(x, y) - b.r(x, y)),
                        Math.max(Math.abs(a.g(x, y) - b.g(x, y)), Math.abs(a.b(x, y) - b.b(x, y))));
                if (d >= CLEAR_CHANGE) {
                    n++;
                }
            }
        }
        return n;
    }
}
