package dev.goldennoise.world;

import java.util.List;
import java.util.Objects;

/**
 * What a prompt asks for. For POSITION, {@code objects.get(0)} is the subject, the one that stands in {@code relation}
 * to {@code objects.get(1)}; {@code relation} is null for every other category. COUNTING holds n equal entries.
 * Sizes appear only in SINGLE scenes, since the grammar has no sized pair, position or counting prompts and
 * {@link #prompt()} must read back through {@link PromptParser}.
 */
public record SceneSpec(Category category, List<ObjectSpec> objects, Relation relation) {
    public SceneSpec {
        Objects.requireNonNull(category, "category");
        objects = List.copyOf(objects);
        if ((relation != null) != (category == Category.POSITION)) {
            throw new IllegalArgumentException("a relation is required for POSITION scenes and not allowed for " + category);
        }
        switch (category) {
            case SINGLE:
                requireCount(category, objects, 1);
                break;
            case PAIR:
            case POSITION:
                requireCount(category, objects, 2);
                requireUnsized(category, objects);
                if (objects.get(0).sameKind(objects.get(1))) {
                    throw new IllegalArgumentException(category.key() + " scenes need two different colour-shape kinds, got "
                            + objects.get(0).kindPhrase() + " twice");
                }
                break;
            case COUNTING:
                if (objects.size() < 2 || objects.size() > 4) {
                    throw new IllegalArgumentException("counting scenes hold 2 to 4 objects, got " + objects.size());
                }
                requireUnsized(category, objects);
                for (ObjectSpec o : objects) {
                    if (!o.equals(objects.get(0))) {
                        throw new IllegalArgumentException("counting scenes hold equal objects, got " + objects);
                    }
                }
                break;
            default:
                throw new AssertionError(category);
        }
    }

    public static SceneSpec single(ObjectSpec object) {
        return new SceneSpec(Category.SINGLE, List.of(object), null);
    }

    public static SceneSpec pair(ObjectSpec first, ObjectSpec second) {
        return new SceneSpec(Category.PAIR, List.of(first, second), null);
    }

    public static SceneSpec position(ObjectSpec subject, Relation relation, ObjectSpec object) {
        return new SceneSpec(Category.POSITION, List.of(subject, object), relation);
    }

    public static SceneSpec counting(int n, ObjectSpec object) {
        return new SceneSpec(Category.COUNTING, java.util.Collections.nCopies(n, object), null);
    }

    /** The canonical prompt text: lower case, single spaces; parsing it gives this spec back. */
    public String prompt() {
        switch (category) {
            case SINGLE:
                return objects.get(0).phrase();
            case PAIR:
                return objects.get(0).phrase() + " and " + objects.get(1).phrase();
            case POSITION:
                return objects.get(0).phrase() + " " + relation.phrase() + " " + objects.get(1).phrase();
            case COUNTING:
                ObjectSpec o = objects.get(0);
                return CountWord.of(objects.size()).word() + " " + o.colour().word() + " " + o.shape().plural();
            default:
                throw new AssertionError(category);
        }
    }

    private static void requireCount(Category category, List<ObjectSpec> objects, int n) {
        if (objects.size() != n) {
            throw new IllegalArgumentException(category.key() + " scenes hold " + n + " object(s), got " + objects.size());
        }
    }

    private static void requireUnsized(Category category, List<ObjectSpec> objects) {
        for (ObjectSpec o : objects) {
            if (o.size() != null) {
                throw new IllegalArgumentException("sizes are only part of single scenes, not " + category.key() + ": " + o);
            }
        }
    }
}
