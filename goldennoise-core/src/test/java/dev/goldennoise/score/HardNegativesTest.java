package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardNegativesTest {
    private static final int PROMPTS = 300;

    /** Uniform category, then a uniform prompt of it, as the world's own property tests draw them. */
    private static List<String> randomPrompts(long seed, int n) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>();
        Category[] cats = Category.values();
        for (int i = 0; i < n; i++) {
            List<String> all = PromptSets.all(cats[rnd.nextInt(cats.length)]);
            out.add(all.get(rnd.nextInt(all.size())));
        }
        return out;
    }

    /**
     * The whole list, not just a sample from it, since a single negative a correct render satisfies would teach the
     * scorer to punish correct images.
     */
    @Test
    void everyNegativeIsAValidPromptThatARenderOfTheOriginalFails() {
        List<String> prompts = randomPrompts(31, PROMPTS);
        int checked = 0;
        List<String> accepted = new ArrayList<>();
        for (int seed = 0; seed < PROMPTS; seed++) {
            SceneSpec spec = PromptParser.parse(prompts.get(seed));
            RgbImage render = Renderer.render(spec, seed);
            assertTrue(Checker.check(render, spec).correct(), "render of " + spec.prompt() + " must pass its own check");
            List<String> negatives = HardNegatives.all(spec);
            assertEquals(negatives.size(), new HashSet<>(negatives).size(), "duplicates in " + negatives);
            for (String neg : negatives) {
                SceneSpec other = PromptParser.parse(neg);
                assertEquals(neg, other.prompt(), "negatives are canonical prompts");
                assertNotEquals(spec.prompt(), neg);
                checked++;
                if (Checker.check(render, other).correct()) {
                    accepted.add(neg + " accepted on a render of " + spec.prompt() + " seed " + seed);
                }
            }
        }
        System.out.printf("[score] hard negatives rejected on renders of the original: %d/%d%n",
                checked - accepted.size(), checked);
        assertTrue(accepted.isEmpty(), accepted.size() + " negatives accepted, e.g. " + accepted.subList(0,
                Math.min(5, accepted.size())));
    }

    @Test
    void sampledNegativesAreDistinctMembersOfTheFullList() {
        List<String> prompts = randomPrompts(32, PROMPTS);
        Random rnd = new Random(5);
        for (String p : prompts) {
            SceneSpec spec = PromptParser.parse(p);
            Set<String> all = new HashSet<>(HardNegatives.all(spec));
            List<String> some = HardNegatives.of(spec, rnd, 4);
            assertEquals(4, some.size(), p);
            assertEquals(4, new HashSet<>(some).size(), p + " -> " + some);
            assertTrue(all.containsAll(some), p + " -> " + some);
        }
    }

    @Test
    void askingForMoreThanThereAreGivesThemAll() {
        SceneSpec spec = PromptParser.parse("two red circles");
        List<String> got = HardNegatives.of(spec, new Random(1), 1000);
        assertEquals(new TreeSet<>(HardNegatives.all(spec)), new TreeSet<>(got));
        assertEquals(HardNegatives.all(spec).size(), got.size());
        assertTrue(HardNegatives.of(spec, new Random(1), 0).isEmpty());
    }

    @Test
    void sameSeedSameNegatives() {
        SceneSpec spec = PromptParser.parse("a red circle to the left of a blue square");
        assertEquals(HardNegatives.of(spec, new Random(42), 6), HardNegatives.of(spec, new Random(42), 6));
        assertEquals(HardNegatives.allWithKinds(spec), HardNegatives.allWithKinds(spec));
        Set<List<String>> draws = new HashSet<>();
        for (int s = 0; s < 10; s++) {
            draws.add(HardNegatives.of(spec, new Random(s), 6));
        }
        assertTrue(draws.size() > 1, "different seeds should draw different negatives");
    }

    /** Every prompt of the grammar, so that each category and each collision case (shared colour or shape) is hit. */
    @Test
    void everyApplicableKindIsListedForEveryPrompt() {
        for (Category c : Category.values()) {
            for (String p : PromptSets.all(c)) {
                SceneSpec spec = PromptParser.parse(p);
                Set<String> kinds = new TreeSet<>();
                for (HardNegatives.Negative n : HardNegatives.allWithKinds(spec)) {
                    kinds.add(n.kind());
                }
                assertEquals(expectedKinds(spec), kinds, p);
                assertTrue(HardNegatives.kinds().containsAll(kinds), p);
            }
        }
    }

    private static Set<String> expectedKinds(SceneSpec spec) {
        Set<String> k = new TreeSet<>(List.of("colour", "shape"));
        switch (spec.category()) {
            case SINGLE:
                if (spec.objects().get(0).size() != null) {
                    k.add("size");
                }
                break;
            case COUNTING:
                k.add("count");
                break;
            case PAIR:
                k.add("drop");
                break;
            case POSITION:
                k.add("relation");
                k.add("swap");
                break;
            default:
                throw new AssertionError(spec.category());
        }
        return k;
    }

    @Test
    void listsForKnownPrompts() {
        assertEquals(kindCounts("colour=5, shape=2, size=1"), kindCounts(HardNegatives.allWithKinds(
                PromptParser.parse("a large red circle"))));
        assertEquals(kindCounts("colour=5, shape=2"), kindCounts(HardNegatives.allWithKinds(
                PromptParser.parse("a red circle"))));
        assertEquals(kindCounts("colour=5, count=2, shape=2"), kindCounts(HardNegatives.allWithKinds(
                PromptParser.parse("three black squares"))));
        // Recolouring the first to blue or the second to red would copy the other object, so those two are left out.
        assertEquals(kindCounts("colour=8, drop=2, shape=4"), kindCounts(HardNegatives.allWithKinds(
                PromptParser.parse("a red circle and a blue circle"))));
        assertEquals(kindCounts("colour=10, relation=3, shape=4, swap=1"), kindCounts(HardNegatives.allWithKinds(
                PromptParser.parse("a red circle above a blue square"))));

        List<String> position = HardNegatives.all(PromptParser.parse("a red circle above a blue square"));
        assertTrue(position.contains("a red circle below a blue square"));
        assertTrue(position.contains("a red circle to the left of a blue square"));
        assertTrue(position.contains("a red circle to the right of a blue square"));
        assertTrue(position.contains("a blue square above a red circle"));
        // The paraphrase (swapped and reversed) must never appear.
        assertTrue(!position.contains("a blue square below a red circle"));
        List<String> pair = HardNegatives.all(PromptParser.parse("a red circle and a blue square"));
        assertTrue(pair.contains("a red circle") && pair.contains("a blue square"));
        assertTrue(!pair.contains("a blue square and a red circle"));
        List<String> single = HardNegatives.all(PromptParser.parse("a large red circle"));
        assertTrue(single.contains("a small red circle"));
        assertTrue(!single.contains("a red circle"));
    }

    private static Map<String, Integer> kindCounts(List<HardNegatives.Negative> negatives) {
        Map<String, Integer> m = new TreeMap<>();
        for (HardNegatives.Negative n : negatives) {
            m.merge(n.kind(), 1, Integer::sum);
        }
        return m;
    }

    private static Map<String, Integer> kindCounts(String spec) {
        Map<String, Integer> m = new TreeMap<>();
        for (String part : spec.split(", ")) {
            String[] kv = part.split("=");
            m.put(kv[0], Integer.parseInt(kv[1]));
        }
        return m;
    }
}
