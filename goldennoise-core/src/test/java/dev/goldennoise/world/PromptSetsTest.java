package dev.goldennoise.world;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptSetsTest {
    @Test
    void allPromptsHaveTheDocumentedCounts() {
        assertCount(Category.SINGLE, 54);
        assertCount(Category.PAIR, 306);
        assertCount(Category.POSITION, 1224);
        assertCount(Category.COUNTING, 54);
    }

    @Test
    void heldOutPairAndPositionPromptsAreNeverTrainedOn() {
        assertEquals(50, PromptSets.heldOutPairs().size());
        assertEquals(50, new HashSet<>(PromptSets.heldOutPairs()).size());
        assertEquals(100, PromptSets.heldOut(Category.PAIR).size());
        assertEquals(400, PromptSets.heldOut(Category.POSITION).size());
        assertEquals(List.of(), PromptSets.heldOut(Category.SINGLE));
        assertEquals(List.of(), PromptSets.heldOut(Category.COUNTING));
        assertEquals(206, PromptSets.trainingPool(Category.PAIR).size());
        assertEquals(824, PromptSets.trainingPool(Category.POSITION).size());
        assertEquals(PromptSets.all(Category.SINGLE), PromptSets.trainingPool(Category.SINGLE));
        assertEquals(PromptSets.all(Category.COUNTING), PromptSets.trainingPool(Category.COUNTING));
        assertEquals(54 + 206 + 824 + 54, PromptSets.trainingPool().size());

        Set<String> training = new HashSet<>(PromptSets.trainingPool());
        for (Category c : List.of(Category.PAIR, Category.POSITION)) {
            Set<String> union = new HashSet<>(PromptSets.heldOut(c));
            for (String p : PromptSets.heldOut(c)) {
                assertFalse(training.contains(p), p);
                assertTrue(PromptSets.isHeldOut(p), p);
            }
            union.addAll(PromptSets.trainingPool(c));
            assertEquals(new HashSet<>(PromptSets.all(c)), union);
            for (String p : PromptSets.evaluationSet(c, 300)) {
                assertFalse(training.contains(p), p);
            }
        }
        for (String p : PromptSets.trainingPool()) {
            assertFalse(PromptSets.isHeldOut(p), p);
        }
    }

    @Test
    void heldOutPairsAreHeldOutInBothOrders() {
        for (List<ObjectSpec> pair : PromptSets.heldOutPairs()) {
            ObjectSpec a = pair.get(0);
            ObjectSpec b = pair.get(1);
            assertTrue(PromptSets.isHeldOut(SceneSpec.pair(a, b)));
            assertTrue(PromptSets.isHeldOut(SceneSpec.pair(b, a)));
            for (Relation r : Relation.values()) {
                assertTrue(PromptSets.isHeldOut(SceneSpec.position(b, r, a)));
            }
        }
    }

    @Test
    void everyKindStillAppearsInTrainingPairs() {
        Set<ObjectSpec> seen = new HashSet<>();
        for (String p : PromptSets.trainingPool(Category.PAIR)) {
            seen.addAll(PromptParser.parse(p).objects());
        }
        assertEquals(18, seen.size());
    }

    @Test
    void evaluationSetsAreFixedPrefixes() {
        for (Category c : Category.values()) {
            List<String> big = PromptSets.evaluationSet(c, 250);
            assertEquals(250, big.size());
            assertEquals(big.subList(0, 100), PromptSets.evaluationSet(c, 100));
            assertEquals(big, PromptSets.evaluationSet(c, 250));
            for (String p : big) {
                assertEquals(c, PromptParser.parse(p).category());
            }
        }
        assertEquals(new HashSet<>(PromptSets.heldOut(Category.PAIR)),
                new HashSet<>(PromptSets.evaluationSet(Category.PAIR, 100)));
        assertEquals(100, new HashSet<>(PromptSets.evaluationSet(Category.POSITION, 100)).size());
        // Single and counting cycle through all 54 before repeating.
        List<String> single = PromptSets.evaluationSet(Category.SINGLE, 100);
        assertEquals(new HashSet<>(PromptSets.all(Category.SINGLE)), new HashSet<>(single.subList(0, 54)));
        assertEquals(single.subList(0, 46), single.subList(54, 100));
        assertEquals(List.of(), PromptSets.evaluationSet(Category.PAIR, 0));
    }

    @Test
    void standardEvaluationSetIs100PerCategoryInOrder() {
        List<String> std = PromptSets.standardEvaluationSet();
        assertEquals(400, std.size());
        for (Category c : Category.values()) {
            assertEquals(PromptSets.evaluationSet(c, 100), std.subList(100 * c.ordinal(), 100 * c.ordinal() + 100));
        }
    }

    @Test
    void setsArePinned() {
        // Changing these changes every reported number; update docs/WORLD.md and retrain if it is ever intended.
        assertEquals(PINNED_FIRST, List.of(PromptSets.evaluationSet(Category.SINGLE, 1).get(0),
                PromptSets.evaluationSet(Category.PAIR, 1).get(0), PromptSets.evaluationSet(Category.POSITION, 1).get(0),
                PromptSets.evaluationSet(Category.COUNTING, 1).get(0)));
        assertEquals(PINNED_HASH, PromptSets.standardEvaluationSet().hashCode());
    }

    @Test
    void trainingPromptsFollowTheCategoryWeights() {
        Random rnd = new Random(3);
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        Set<String> pool = new HashSet<>(PromptSets.trainingPool());
        int n = 20000;
        for (int i = 0; i < n; i++) {
            String p = PromptSets.randomTrainingPrompt(rnd);
            assertTrue(pool.contains(p), p);
            counts.merge(PromptParser.parse(p).category(), 1, Integer::sum);
        }
        double[] weights = {0.35, 0.2, 0.25, 0.2};
        for (Category c : Category.values()) {
            assertEquals(weights[c.ordinal()], counts.get(c) / (double) n, 0.015, c.key());
        }
        assertEquals(PromptSets.randomTrainingPrompt(new Random(8)), PromptSets.randomTrainingPrompt(new Random(8)));
    }

    private static final List<String> PINNED_FIRST = List.of("a small black triangle",
            "a blue circle and a black circle", "a black square above a red square", "two yellow circles");
    /** String and List hash codes are specified by the JDK, so this pins all 400 prompts and their order. */
    private static final int PINNED_HASH = 829598311;

    private static void assertCount(Category c, int n) {
        assertEquals(n, PromptSets.all(c).size());
        assertEquals(n, new HashSet<>(PromptSets.all(c)).size());
    }
}
