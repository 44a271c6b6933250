package dev.goldennoise.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Changes a scene spec in one way a picture can show: one colour, one shape, a size, the count or the relation. */
final class SceneMutations {
    private SceneMutations() {}

    static SceneSpec mutate(SceneSpec spec, Random rnd) {
        List<ObjectSpec> objs = spec.objects();
        switch (spec.category()) {
            case SINGLE: {
                ObjectSpec o = objs.get(0);
                if (o.size() != null && rnd.nextInt(3) == 0) {
                    Size other = o.size() == Size.SMALL ? Size.LARGE : Size.SMALL;
                    return SceneSpec.single(new ObjectSpec(o.colour(), o.shape(), other));
                }
                return SceneSpec.single(changeKind(o, rnd, null));
            }
            case PAIR: {
                int i = rnd.nextInt(2);
                List<ObjectSpec> out = new ArrayList<>(objs);
                out.set(i, changeKind(objs.get(i), rnd, objs.get(1 - i)));
                return SceneSpec.pair(out.get(0), out.get(1));
            }
            case POSITION: {
                int what = rnd.nextInt(3);
                if (what == 0) {
                    return SceneSpec.position(objs.get(0), spec.relation().opposite(), objs.get(1));
                }
                if (what == 1) {
                    Relation[] perpendicular = spec.relation().horizontal()
                            ? new Relation[] {Relation.ABOVE, Relation.BELOW}
                            : new Relation[] {Relation.LEFT_OF, Relation.RIGHT_OF};
                    return SceneSpec.position(objs.get(0), perpendicular[rnd.nextInt(2)], objs.get(1));
                }
                int i = rnd.nextInt(2);
                List<ObjectSpec> out = new ArrayList<>(objs);
                out.set(i, changeKind(objs.get(i), rnd, objs.get(1 - i)));
                return SceneSpec.position(out.get(0), spec.relation(), out.get(1));
            }
            case COUNTING: {
                int n = objs.size();
                if (rnd.nextBoolean()) {
                    int m = n == 2 ? 3 : n == 4 ? 3 : (rnd.nextBoolean() ? 2 : 4);
                    return SceneSpec.counting(m, objs.get(0));
                }
                return SceneSpec.counting(n, changeKind(objs.get(0), rnd, null));
            }
            default:
                throw new AssertionError(spec.category());
        }
    }

    /** A different colour or a different shape, never the kind {@code avoid}. */
    private static ObjectSpec changeKind(ObjectSpec o, Random rnd, ObjectSpec avoid) {
        while (true) {
            ObjectSpec c;
            if (rnd.nextBoolean()) {
                Colour[] cs = Colour.values();
                c = new ObjectSpec(cs[rnd.nextInt(cs.length)], o.shape(), o.size());
            } else {
                Shape[] ss = Shape.values();
                c = new ObjectSpec(o.colour(), ss[rnd.nextInt(ss.length)], o.size());
            }
            if (!c.sameKind(o) && (avoid == null || !c.sameKind(avoid))) {
                return c;
            }
        }
    }
}
