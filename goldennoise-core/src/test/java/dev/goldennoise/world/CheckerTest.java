package dev.goldennoise.world;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerTest {
    private static final int RENDERS = 2000;

    /** The accuracy figure quoted in docs/WORLD.md. */
    @Test
    void acceptsRendersOfTheirOwnPrompt() {
        List<String> prompts = RandomScenes.prompts(2026, RENDERS);
        int correct = 0;
        List<String> wrong = new ArrayList<>();
        for (int seed = 0; seed < RENDERS; seed++) {
            SceneSpec spec = PromptParser.parse(prompts.get(seed));
            CheckResult r = Checker.check(Renderer.render(spec, seed), spec);
            if (r.correct()) {
                correct++;
                assertEquals(1.0, r.partial());
            } else if (wrong.size() < 5) {
                wrong.add(prompts.get(seed) + " seed " + seed + ": " + r.failures());
            }
        }
        double accuracy = correct / (double) RENDERS;
        System.out.printf("[world] checker accepts %d/%d renders of their own prompt (%.2f%%)%n", correct, RENDERS,
                100 * accuracy);
        assertTrue(accuracy >= 0.995, "accuracy " + accuracy + ", e.g. " + wrong);
    }

    @Test
    void rejectsRendersOfAChangedPrompt() {
        List<String> prompts = RandomScenes.prompts(4052, RENDERS);
        Random rnd = new Random(99);
        int rejected = 0;
        List<String> missed = new ArrayList<>();
        for (int seed = 0; seed < RENDERS; seed++) {
            SceneSpec spec = PromptParser.parse(prompts.get(seed));
            SceneSpec other = SceneMutations.mutate(spec, rnd);
            CheckResult r = Checker.check(Renderer.render(spec, seed), other);
            if (!r.correct()) {
                rejected++;
                assertTrue(r.partial() < 1.0);
            } else if (missed.size() < 5) {
                missed.add(spec.prompt() + " accepted as " + other.prompt() + " seed " + seed);
            }
        }
        double rate = rejected / (double) RENDERS;
        System.out.printf("[world] checker rejects %d/%d renders checked against a changed prompt (%.2f%%)%n", rejected,
                RENDERS, 100 * rate);
        assertTrue(rate >= 0.99, "rejection rate " + rate + ", e.g. " + missed);
    }

    @Test
    void toleratesModerateNoise() {
        List<String> prompts = RandomScenes.prompts(77, 300);
        Random noise = new Random(5);
        int correct = 0;
        for (int seed = 0; seed < prompts.size(); seed++) {
            SceneSpec spec = PromptParser.parse(prompts.get(seed));
            RgbImage img = Renderer.render(spec, seed);
            addNoise(img, noise, 12);
            correct += Checker.check(img, spec).correct() ? 1 : 0;
        }
        System.out.printf("[world] checker accepts %d/%d renders with Gaussian pixel noise of sd 12%n", correct,
                prompts.size());
        assertTrue(correct >= 0.97 * prompts.size(), correct + " of " + prompts.size());
    }

    @Test
    void correctPositionScoresOne() {
        CheckResult r = Checker.check(twoObjects(), PromptParser.parse("a red circle to the left of a blue square"));
        assertTrue(r.correct(), r.failures().toString());
        assertEquals(1.0, r.partial());
        assertEquals(List.of(), r.failures());
        assertEquals(2, r.detected().size());
        DetectedObject circle = r.detected().get(0);
        assertEquals(Colour.RED, circle.colour());
        assertEquals(Shape.CIRCLE, circle.shape());
        assertEquals(Size.LARGE, circle.size());
        assertEquals(15.0, circle.centreX());
        assertEquals(30.0, circle.centreY());
        assertEquals(Size.SMALL, r.detected().get(1).size());
    }

    @Test
    void wrongRelationFailsOnlyTheRelation() {
        CheckResult r = Checker.check(twoObjects(), PromptParser.parse("a red circle to the right of a blue square"));
        assertFalse(r.correct());
        assertEquals(List.of("relation: red circle is not to the right of blue square"), r.failures());
        assertEquals(0.75, r.partial());
        r = Checker.check(twoObjects(), PromptParser.parse("a red circle above a blue square"));
        assertEquals(List.of("relation: red circle is not above blue square"), r.failures());
    }

    @Test
    void missingAndExtraObjectsAreNamed() {
        CheckResult r = Checker.check(twoObjects(), PromptParser.parse("a red circle and a blue triangle"));
        assertEquals(List.of("missing: blue triangle", "extra: blue square"), r.failures());
        assertEquals(1 / 3.0, r.partial(), 1e-12);
        r = Checker.check(twoObjects(), PromptParser.parse("a green circle below a blue square"));
        assertEquals(List.of("missing: green circle", "extra: red circle",
                "relation: cannot check green circle below blue square, an object is missing"), r.failures());
        assertEquals(0.25, r.partial());
    }

    @Test
    void wrongSizeIsReportedAsSize() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.RED, Shape.CIRCLE, 20, 20, 20)));
        CheckResult r = Checker.check(img, PromptParser.parse("a small red circle"));
        assertEquals(List.of("size: red circle is large, prompt says small"), r.failures());
        assertEquals(0.5, r.partial());
        assertTrue(Checker.check(img, PromptParser.parse("a large red circle")).correct());
        assertTrue(Checker.check(img, PromptParser.parse("a red circle")).correct());
    }

    @Test
    void countsMustBeExact() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.GREEN, Shape.CIRCLE, 5, 5, 12),
                new PlacedObject(Colour.GREEN, Shape.CIRCLE, 40, 40, 20)));
        assertTrue(Checker.check(img, PromptParser.parse("two green circles")).correct());
        CheckResult three = Checker.check(img, PromptParser.parse("three green circles"));
        assertEquals(List.of("missing: green circle"), three.failures());
        assertEquals(0.75, three.partial());
        CheckResult one = Checker.check(img, PromptParser.parse("a green circle"));
        assertEquals(List.of("extra: green circle"), one.failures());
        assertEquals(0.5, one.partial());
    }

    @Test
    void blankImageMeetsOnlyNoExtra() {
        RgbImage blank = Renderer.draw(List.of());
        CheckResult r = Checker.check(blank, PromptParser.parse("four black squares"));
        assertEquals(4, r.failures().size());
        assertEquals(0.2, r.partial(), 1e-12);
        assertEquals(List.of(), r.detected());
    }

    @Test
    void antiAliasedBlueIsNotPurple() {
        // Half blue over the background: the plain nearest palette colour would be purple.
        int r = Palette.blend(Colour.BLUE.r(), 245, 0.5);
        int g = Palette.blend(Colour.BLUE.g(), 245, 0.5);
        int b = Palette.blend(Colour.BLUE.b(), 245, 0.5);
        assertEquals(Colour.PURPLE, nearest(r, g, b));
        ColourFit fit = Palette.fit(r, g, b);
        assertEquals(Colour.BLUE, fit.colour());
        assertEquals(0.5, fit.coverage(), 0.01);

        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.BLUE, Shape.CIRCLE, 10, 10, 11),
                new PlacedObject(Colour.BLUE, Shape.TRIANGLE, 30, 30, 10)));
        List<DetectedObject> found = Checker.detect(img);
        assertEquals(2, found.size());
        assertTrue(found.stream().allMatch(d -> d.colour() == Colour.BLUE), found.toString());
        assertEquals(Shape.CIRCLE, found.get(0).shape());
        assertEquals(Shape.TRIANGLE, found.get(1).shape());
    }

    @Test
    void specksAndOffPalettePixelsAreIgnored() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.YELLOW, Shape.SQUARE, 20, 20, 12)));
        for (int y = 50; y < 53; y++) {
            for (int x = 50; x < 53; x++) {
                img.set(x, y, 220, 40, 40);
            }
        }
        img.set(5, 5, 30, 30, 30);
        for (int y = 2; y < 10; y++) {
            for (int x = 30; x < 40; x++) {
                img.set(x, y, 0, 255, 255);
            }
        }
        CheckResult r = Checker.check(img, PromptParser.parse("a small yellow square"));
        assertTrue(r.correct(), r.failures() + " " + r.detected());
    }

    @Test
    void holesDoNotTurnSquaresIntoCircles() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.PURPLE, Shape.SQUARE, 20, 20, 20)));
        for (int i = 0; i < 12; i++) {
            img.set(24 + i, 26 + (i % 3) * 4, 245, 245, 245);
        }
        assertEquals(Shape.SQUARE, Checker.detect(img).get(0).shape());
    }

    /** A large red circle at (5, 20) and a small blue square at (40, 25): centres (15, 30) and (46, 31). */
    private static RgbImage twoObjects() {
        return Renderer.draw(List.of(new PlacedObject(Colour.RED, Shape.CIRCLE, 5, 20, 20),
                new PlacedObject(Colour.BLUE, Shape.SQUARE, 40, 25, 12)));
    }

    private static Colour nearest(int r, int g, int b) {
        Colour best = null;
        double bestD = Double.MAX_VALUE;
        for (Colour c : Colour.values()) {
            double d = Math.pow(r - c.r(), 2) + Math.pow(g - c.g(), 2) + Math.pow(b - c.b(), 2);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static void addNoise(RgbImage img, Random rnd, double sd) {
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                img.set(x, y, clamp(img.r(x, y) + rnd.nextGaussian() * sd), clamp(img.g(x, y) + rnd.nextGaussian() * sd),
                        clamp(img.b(x, y) + rnd.nextGaussian() * sd));
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
