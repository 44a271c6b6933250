package dev.goldennoise.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fixed prompt sets derived from the grammar; every list here is the same on every run and machine.
 *
 * <ul>
 *   <li>{@link #all(Category)}: every distinct prompt. single 54 (6 colours × 3 shapes × no size/small/large),
 *       pair 306 (ordered pairs of the 18 different colour-shape kinds), position 1,224 (306 × 4 relations),
 *       counting 54 (two/three/four × 18 kinds).</li>
 *   <li>Held out: 50 of the 153 unordered pairs of kinds, picked by shuffling them with seed {@value #HELD_OUT_SEED}.
 *       Pair and position prompts built from a held-out pair (in either order) are for evaluation only: 100 pair
 *       prompts and 400 position prompts. They measure whether a model composes kinds it never saw together.</li>
 *   <li>{@link #trainingPool(Category)}: everything else, 54 + 206 + 824 + 54 = 1,138 prompts. Single and counting
 *       prompts are shared between training and evaluation: with 54 distinct prompts each there is nothing to
 *       hold out without leaving a colour-shape kind (or a count) unseen, which would test vocabulary, not composition.</li>
 *   <li>{@link #evaluationSet(Category, int)}: the held-out prompts (pair, position) or all prompts (single, counting)
 *       shuffled with a fixed seed per category, taken in that order and cycled when n exceeds their number, so a
 *       smaller set is always a prefix of a larger one. {@link #standardEvaluationSet()} is 100 per category.</li>
 * </ul>
 */
public final class PromptSets {
    public static final long HELD_OUT_SEED = 20261128L;
    public static final int HELD_OUT_PAIRS = 50;
    /** Evaluation order of category c is a shuffle with seed EVALUATION_SEED + c.ordinal(). */
    public static final long EVALUATION_SEED = 20261129L;
    public static final int STANDARD_PER_CATEGORY = 100;

    private static final double[] TRAINING_WEIGHTS = {0.35, 0.2, 0.25, 0.2};

    private static final List<ObjectSpec> KINDS = kinds();
    private static final Set<Set<ObjectSpec>> HELD_OUT = heldOutSet();
    private static final Map<Category, List<String>> ALL = new EnumMap<>(Category.class);
    private static final Map<Category, List<String>> HELD_OUT_PROMPTS = new EnumMap<>(Category.class);
    private static final Map<Category, List<String>> TRAINING = new EnumMap<>(Category.class);
    private static final List<String> TRAINING_ALL;

    static {
        List<String> pool = new ArrayList<>();
        for (Category c : Category.values()) {
            List<SceneSpec> specs = enumerate(c);
            List<String> all = new ArrayList<>();
            List<String> held = new ArrayList<>();
            List<String> train = new ArrayList<>();
            for (SceneSpec s : specs) {
                all.add(s.prompt());
                (isHeldOut(s) ? held : train).add(s.prompt());
            }
            ALL.put(c, List.copyOf(all));
            HELD_OUT_PROMPTS.put(c, List.copyOf(held));
            TRAINING.put(c, List.copyOf(train));
            pool.addAll(train);
        }
        TRAINING_ALL = List.copyOf(pool);
    }

    private PromptSets() {}

    /** Every distinct prompt of the category, in a fixed order. */
    public static List<String> all(Category c) {
        return ALL.get(c);
    }

    /** The evaluation-only prompts of the category: empty for single and counting. */
    public static List<String> heldOut(Category c) {
        return HELD_OUT_PROMPTS.get(c);
    }

    /** The 50 held-out unordered pairs of kinds (sizes null), in the order the fixed shuffle picked them. */
    public static List<List<ObjectSpec>> heldOutPairs() {
        return List.copyOf(shuffledUnorderedPairs().subList(0, HELD_OUT_PAIRS));
    }

    /** Whether the scene is a pair or position scene over a held-out pair of kinds. */
    public static boolean isHeldOut(SceneSpec spec) {
        if (spec.category() != Category.PAIR && spec.category() != Category.POSITION) {
            return false;
        }
        return HELD_OUT.contains(Set.of(spec.objects().get(0).kind(), spec.objects().get(1).kind()));
    }

    /** Whether the prompt (any spelling the parser accepts) is evaluation-only. */
    public static boolean isHeldOut(String prompt) {
        return isHeldOut(PromptParser.parse(prompt));
    }

    public static List<String> trainingPool(Category c) {
        return TRAINING.get(c);
    }

    /** The training pools of all categories, in category order. */
    public static List<String> trainingPool() {
        return TRAINING_ALL;
    }

    /** n evaluation prompts of the category, fixed for every n; see the class comment. */
    public static List<String> evaluationSet(Category c, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, got " + n);
        }
        List<String> source = (c == Category.PAIR || c == Category.POSITION) ? HELD_OUT_PROMPTS.get(c) : ALL.get(c);
        List<String> order = new ArrayList<>(source);
        Collections.shuffle(order, new Random(EVALUATION_SEED + c.ordinal()));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(order.get(i % order.size()));
        }
        return List.copyOf(out);
    }

    /** 100 evaluation prompts per category, 400 in all, in category order. */
    public static List<String> standardEvaluationSet() {
        List<String> out = new ArrayList<>();
        for (Category c : Category.values()) {
            out.addAll(evaluationSet(c, STANDARD_PER_CATEGORY));
        }
        return List.copyOf(out);
    }

    /**
     * A training prompt: a category drawn with weights single 0.35, pair 0.2, position 0.25, counting 0.2 (not by
     * pool size, which would drown the rest in position prompts), then a uniform prompt of its training pool.
     */
    public static String randomTrainingPrompt(Random rnd) {
        double u = rnd.nextDouble();
        Category chosen = Category.values()[Category.values().length - 1];
        for (Category c : Category.values()) {
            u -= TRAINING_WEIGHTS[c.ordinal()];
            if (u < 0) {
                chosen = c;
                break;
            }
        }
        List<String> pool = TRAINING.get(chosen);
        return pool.get(rnd.nextInt(pool.size()));
    }

    /** The 18 colour-shape kinds, colour-major. */
    private static List<ObjectSpec> kinds() {
        List<ObjectSpec> out = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                out.add(ObjectSpec.of(c, s));
            }
        }
        return List.copyOf(out);
    }

    private static List<List<ObjectSpec>> shuffledUnorderedPairs() {
        List<List<ObjectSpec>> pairs = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            for (int j = i + 1; j < KINDS.size(); j++) {
                pairs.add(List.of(KINDS.get(i), KINDS.get(j)));
            }
        }
        // Collections.shuffle's algorithm is specified, so with a seeded Random the pick is stable across JDKs.
        Collections.shuffle(pairs, new Random(HELD_OUT_SEED));
        return pairs;
    }

    private static Set<Set<ObjectSpec>> heldOutSet() {
        Set<Set<ObjectSpec>> out = new HashSet<>();
        for (List<ObjectSpec> p : shuffledUnorderedPairs().subList(0, HELD_OUT_PAIRS)) {
            out.add(Set.copyOf(p));
        }
        return Set.copyOf(out);
    }

    private static List<SceneSpec> enumerate(Category c) {
        List<SceneSpec> out = new ArrayList<>();
        switch (c) {
            case SINGLE:
                for (ObjectSpec k : KINDS) {
                    out.add(SceneSpec.single(k));
                    for (Size s : Size.values()) {
                        out.add(SceneSpec.single(new ObjectSpec(k.colour(), k.shape(), s)));
                    }
                }
                break;
            case PAIR:
                for (ObjectSpec a : KINDS) {
                    for (ObjectSpec b : KINDS) {
                        if (!a.equals(b)) {
                            out.add(SceneSpec.pair(a, b));
                        }
                    }
                }
                break;
            case POSITION:
                for (ObjectSpec a : KINDS) {
                    for (ObjectSpec b : KINDS) {
                        if (!a.equals(b)) {
                            for (Relation r : Relation.values()) {
                                out.add(SceneSpec.position(a, r, b));
                            }
                        }
                    }
                }
                break;
            case COUNTING:
                for (CountWord n : CountWord.values()) {
                    for (ObjectSpec k : KINDS) {
                        out.add(SceneSpec.counting(n.value(), k));
                    }
                }
                break;
            default:
                throw new AssertionError(c);
        }
        return out;
    }
}
