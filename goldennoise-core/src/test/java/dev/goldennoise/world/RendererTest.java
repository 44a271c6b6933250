package dev.goldennoise.world;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RendererTest {
    @Test
    void sameSeedSamePixelsDifferentSeedDifferentPixels() {
        for (String p : RandomScenes.prompts(7, 50)) {
            SceneSpec spec = PromptParser.parse(p);
            RgbImage a = Renderer.render(spec, 123);
            assertEquals(a, Renderer.render(spec, 123), p);
            assertNotEquals(a, Renderer.render(spec, 124), p);
            assertEquals(64, a.width());
            assertEquals(64, a.height());
        }
    }

    @Test
    void renderIsDrawOfLayout() {
        SceneSpec spec = PromptParser.parse("a red circle to the left of a blue square");
        assertEquals(Renderer.draw(Renderer.layout(spec, 9)), Renderer.render(spec, 9));
    }

    @Test
    void theCornerWorldKeepsObjectsInItsCornerAndTheCheckerStillAccepts() {
        List<String> prompts = RandomScenes.prompts(13, 300);
        int outsideStandard = 0;
        int fallbacks = 0;
        for (int i = 0; i < prompts.size(); i++) {
            SceneSpec spec = PromptParser.parse(prompts.get(i));
            List<PlacedObject> layout = Renderer.layout(spec, i, WorldVariant.CORNER);
            if (layout.equals(Renderer.fallback(spec))) {
                fallbacks++;
                continue;
            }
            for (PlacedObject o : layout) {
                assertTrue(o.x() + o.side() <= 48 - Renderer.MARGIN && o.y() + o.side() <= 48 - Renderer.MARGIN,
                        prompts.get(i) + ": " + o);
            }
            assertValid(spec, layout, prompts.get(i));
            assertTrue(Checker.check(Renderer.draw(layout), spec).correct(), prompts.get(i));
            for (PlacedObject o : Renderer.layout(spec, i)) {
                if (o.x() + o.side() > 48 - Renderer.MARGIN || o.y() + o.side() > 48 - Renderer.MARGIN) {
                    outsideStandard++;
                }
            }
        }
        assertTrue(fallbacks < 15, fallbacks + " of 300 corner layouts fell back");
        assertTrue(outsideStandard > 100, "the standard world uses the whole canvas: " + outsideStandard);
        assertEquals(WorldVariant.CORNER, WorldVariant.parse(" Corner "));
    }

    @Test
    void layoutsFollowTheRules() {
        List<String> prompts = RandomScenes.prompts(11, 600);
        for (int i = 0; i < prompts.size(); i++) {
            SceneSpec spec = PromptParser.parse(prompts.get(i));
            assertValid(spec, Renderer.layout(spec, i * 7919L), prompts.get(i) + " seed " + i * 7919L);
        }
    }

    @Test
    void fourLargeObjectsAreSometimesDrawnAndAlwaysFit() {
        SceneSpec spec = PromptParser.parse("four purple squares");
        int allLarge = 0;
        for (long seed = 0; seed < 300; seed++) {
            List<PlacedObject> layout = Renderer.layout(spec, seed);
            assertValid(spec, layout, "seed " + seed);
            allLarge += layout.stream().allMatch(o -> o.side() >= Size.LARGE.minSide()) ? 1 : 0;
        }
        assertTrue(allLarge > 0, "sizes are not always shrunk");
    }

    @Test
    void fallbackLayoutFollowsTheRulesForEveryPrompt() {
        for (Category c : Category.values()) {
            for (String p : PromptSets.all(c)) {
                SceneSpec spec = PromptParser.parse(p);
                assertValid(spec, Renderer.fallback(spec), "fallback for " + p);
            }
        }
    }

    @Test
    void edgesAreAntiAliasedAndSquaresAreCrisp() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.BLUE, Shape.CIRCLE, 10, 10, 20),
                new PlacedObject(Colour.RED, Shape.SQUARE, 40, 40, 12)));
        int partial = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int r = img.r(x, y);
                boolean background = r == 245 && img.g(x, y) == 245 && img.b(x, y) == 245;
                boolean inSquare = x >= 40 && x < 52 && y >= 40 && y < 52;
                if (inSquare) {
                    assertEquals(220, r);
                } else if (!background && r != Colour.BLUE.r()) {
                    partial++;
                }
            }
        }
        assertTrue(partial > 20, "circle edge has blended pixels: " + partial);
        assertEquals(245, img.r(0, 0));
        assertEquals(Colour.BLUE.b(), img.b(20, 20));
    }

    @Test
    void triangleIsUpright() {
        RgbImage img = Renderer.draw(List.of(new PlacedObject(Colour.BLACK, Shape.TRIANGLE, 20, 20, 20)));
        // Bottom row fully covered, top row only near the apex.
        assertEquals(30, img.r(21, 39));
        assertEquals(30, img.r(38, 39));
        assertEquals(245, img.r(21, 20));
        assertTrue(img.r(30, 22) < 245);
    }

    static void assertValid(SceneSpec spec, List<PlacedObject> layout, String what) {
        assertEquals(spec.objects().size(), layout.size(), what);
        for (int i = 0; i < layout.size(); i++) {
            PlacedObject o = layout.get(i);
            ObjectSpec want = spec.objects().get(i);
            assertEquals(want.colour(), o.colour(), what);
            assertEquals(want.shape(), o.shape(), what);
            if (o.x() < 2 || o.y() < 2 || o.x() + o.side() > 62 || o.y() + o.side() > 62) {
                fail(what + ": " + o + " is not 2 px inside the canvas");
            }
            boolean small = o.side() >= 10 && o.side() <= 13;
            boolean large = o.side() >= 18 && o.side() <= 24;
            assertTrue(want.size() == Size.SMALL ? small : want.size() == Size.LARGE ? large : small || large,
                    what + ": side " + o.side() + " for " + want);
            for (int j = 0; j < i; j++) {
                PlacedObject p = layout.get(j);
                boolean apart = o.x() >= p.x() + p.side() + 2 || p.x() >= o.x() + o.side() + 2
                        || o.y() >= p.y() + p.side() + 2 || p.y() >= o.y() + o.side() + 2;
                assertTrue(apart, what + ": " + o + " and " + p + " are closer than 2 px");
            }
        }
        if (spec.relation() != null) {
            PlacedObject s = layout.get(0);
            PlacedObject o = layout.get(1);
            double dx = s.centreX() - o.centreX();
            double dy = s.centreY() - o.centreY();
            double along;
            double across;
            switch (spec.relation()) {
                case LEFT_OF: along = -dx; across = dy; break;
                case RIGHT_OF: along = dx; across = dy; break;
                case ABOVE: along = -dy; across = dx; break;
                default: along = dy; across = dx; break;
            }
            assertTrue(along >= 12 && Math.abs(across) <= 7, what + ": relation margin, along " + along + " across " + across);
        }
    }
}
