package dev.goldennoise.score;

import dev.goldennoise.world.Category;
import dev.goldennoise.world.Colour;
import dev.goldennoise.world.ObjectSpec;
import dev.goldennoise.world.Relation;
import dev.goldennoise.world.SceneSpec;
import dev.goldennoise.world.Shape;
import dev.goldennoise.world.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Prompts that differ from a scene's prompt in exactly one detail and that a correct render of the scene does not
 * satisfy: the hard negatives for contrastive training of the preference scorer. A negative must be wrong for every
 * correct render, not just likely wrong, or the scorer would be taught to punish correct images. That rules out some
 * changes that look natural:
 * <ul>
 *   <li>adding a size to a sizeless single ("a red circle" → "a large red circle"): the render may be large anyway;</li>
 *   <li>dropping the size of a sized single: "a red circle" is satisfied by a large red circle;</li>
 *   <li>reordering a pair, or swapping a position's objects <em>and</em> reversing the relation: paraphrases.</li>
 * </ul>
 * Swapping subject and object of a position prompt means the same as reversing the relation; both are kept because
 * they are different texts and the scorer has to read both word order and relation words.
 *
 * <p>Kinds: "colour", "shape", "size" (sized single), "count" (counting), "relation" (position: reversed or turned
 * 90°), "swap" (position), "drop" (pair: one of the two objects alone, which a pair render fails by its extra object).
 */
public final class HardNegatives {
    public static final String COLOUR = "colour";
    public static final String SHAPE = "shape";
    public static final String SIZE = "size";
    public static final String COUNT = "count";
    public static final String RELATION = "relation";
    public static final String SWAP = "swap";
    public static final String DROP = "drop";
    public static final List<String> KINDS = List.of(COLOUR, SHAPE, SIZE, COUNT, RELATION, SWAP, DROP);

    /** One negative prompt (canonical text) and which kind of change made it, for accuracy by kind. */
    public record Negative(String prompt, String kind) {
        public Negative {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(kind, "kind");
        }
    }

    private HardNegatives() {}

    /** Every kind name, in the order reports list them. */
    public static List<String> kinds() {
        return List.of(COLOUR, SHAPE, SIZE, COUNT, RELATION, SWAP, DROP);
    }

    /**
     * Up to n distinct negatives. A kind is drawn uniformly among the kinds that still have unused negatives, then a
     * negative of that kind, so rare kinds (one size flip) are not drowned by common ones (ten colour changes).
     */
    public static List<String> of(SceneSpec spec, Random rnd, int n) {
        return of(spec, rnd, n, Map.of());
    }

    /**
     * As {@link #of(SceneSpec, Random, int)}, but a kind is drawn in proportion to its weight in {@code kindWeights}
     * (1 for a kind not named), which is how training oversamples the kinds a scorer finds hard.
     */
    public static List<String> of(SceneSpec spec, Random rnd, int n, Map<String, Integer> kindWeights) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0, got " + n);
        }
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (Negative neg : allWithKinds(spec)) {
            byKind.computeIfAbsent(neg.kind(), k -> new ArrayList<>()).add(neg.prompt());
        }
        List<String> kinds = new ArrayList<>(byKind.keySet());
        List<String> out = new ArrayList<>(Math.min(n, 16));
        while (out.size() < n && !kinds.isEmpty()) {
            int k = weightedIndex(kinds, kindWeights, rnd);
            List<String> pool = byKind.get(kinds.get(k));
            out.add(pool.remove(rnd.nextInt(pool.size())));
            if (pool.isEmpty()) {
                kinds.remove(k);
            }
        }
        return out;
    }

    private static int weightedIndex(List<String> kinds, Map<String, Integer> weights, Random rnd) {
        int total = 0;
        for (String kind : kinds) {
            total += weight(weights, kind);
        }
        int r = rnd.nextInt(total);
        for (int i = 0; i < kinds.size(); i++) {
            r -= weight(weights, kinds.get(i));
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("weights changed during the draw");
    }

    private static int weight(Map<String, Integer> weights, String kind) {
        int w = weights.getOrDefault(kind, 1);
        if (w < 1) {
            throw new IllegalArgumentException("kind weight must be at least 1, got " + w + " for " + kind);
        }
        return w;
    }

    /** Every one-change negative, in a fixed order. */
    public static List<String> all(SceneSpec spec) {
        List<String> out = new ArrayList<>();
        for (Negative neg : allWithKinds(spec)) {
            out.add(neg.prompt());
        }
        return out;
    }

    /** Every one-change negative with its kind, in a fixed order; prompts are distinct. */
    public static List<Negative> allWithKinds(SceneSpec spec) {
        Collector c = new Collector(spec);
        List<ObjectSpec> objs = spec.objects();
        switch (spec.category()) {
            case SINGLE: {
                ObjectSpec o = objs.get(0);
                for (ObjectSpec v : colourVariants(o)) {
                    c.add(SceneSpec.single(v), COLOUR);
                }
                for (ObjectSpec v : shapeVariants(o)) {
                    c.add(SceneSpec.single(v), SHAPE);
                }
                if (o.size() != null) {
                    Size flipped = o.size() == Size.SMALL ? Size.LARGE : Size.SMALL;
                    c.add(SceneSpec.single(new ObjectSpec(o.colour(), o.shape(), flipped)), SIZE);
                }
                break;
            }
            case COUNTING: {
                ObjectSpec o = objs.get(0);
                int n = objs.size();
                for (ObjectSpec v : colourVariants(o)) {
                    c.add(SceneSpec.counting(n, v), COLOUR);
                }
                for (ObjectSpec v : shapeVariants(o)) {
                    c.add(SceneSpec.counting(n, v), SHAPE);
                }
                for (int m = 2; m <= 4; m++) {
                    if (m != n) {
                        c.add(SceneSpec.counting(m, o), COUNT);
                    }
                }
                break;
            }
            case PAIR: {
                ObjectSpec a = objs.get(0);
                ObjectSpec b = objs.get(1);
                addObjectChanges(c, a, b, (x, y) -> SceneSpec.pair(x, y));
                c.add(SceneSpec.single(a), DROP);
                c.add(SceneSpec.single(b), DROP);
                break;
            }
            case POSITION: {
                ObjectSpec s = objs.get(0);
                ObjectSpec o = objs.get(1);
                Relation rel = spec.relation();
                addObjectChanges(c, s, o, (x, y) -> SceneSpec.position(x, rel, y));
                c.add(SceneSpec.position(s, rel.opposite(), o), RELATION);
                for (Relation turned : Relation.values()) {
                    if (turned.horizontal() != rel.horizontal()) {
                        c.add(SceneSpec.position(s, turned, o), RELATION);
                    }
                }
                c.add(SceneSpec.position(o, rel, s), SWAP);
                break;
            }
            default:
                throw new AssertionError(spec.category());
        }
        return c.out;
    }

    private interface TwoObjectScene {
        SceneSpec make(ObjectSpec first, ObjectSpec second);
    }

    /**
     * Colour and shape changes of either object of a two-object scene. A change that would make both objects the same
     * kind is skipped: the grammar has no such pair or position prompt.
     */
    private static void addObjectChanges(Collector c, ObjectSpec first, ObjectSpec second, TwoObjectScene scene) {
        for (ObjectSpec v : colourVariants(first)) {
            if (!v.sameKind(second)) {
                c.add(scene.make(v, second), COLOUR);
            }
        }
        for (ObjectSpec v : colourVariants(second)) {
            if (!v.sameKind(first)) {
                c.add(scene.make(first, v), COLOUR);
            }
        }
        for (ObjectSpec v : shapeVariants(first)) {
            if (!v.sameKind(second)) {
                c.add(scene.make(v, second), SHAPE);
            }
        }
        for (ObjectSpec v : shapeVariants(second)) {
            if (!v.sameKind(first)) {
                c.add(scene.make(first, v), SHAPE);
            }
        }
    }

    private static List<ObjectSpec> colourVariants(ObjectSpec o) {
        List<ObjectSpec> out = new ArrayList<>();
        for (Colour col : Colour.values()) {
            if (col != o.colour()) {
                out.add(new ObjectSpec(col, o.shape(), o.size()));
            }
        }
        return out;
    }

    private static List<ObjectSpec> shapeVariants(ObjectSpec o) {
        List<ObjectSpec> out = new ArrayList<>();
        for (Shape sh : Shape.values()) {
            if (sh != o.shape()) {
                out.add(new ObjectSpec(o.colour(), sh, o.size()));
            }
        }
        return out;
    }

    /** Keeps the first occurrence of each prompt text, and never the original's own text. */
    private static final class Collector {
        final List<Negative> out = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>();

        Collector(SceneSpec original) {
            seen.add(original.prompt());
        }

        void add(SceneSpec negative, String kind) {
            String p = negative.prompt();
            if (seen.add(p)) {
                out.add(new Negative(p, kind));
            }
        }
    }
}
