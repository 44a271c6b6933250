package dev.goldennoise.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a random scene that satisfies a {@link SceneSpec}. Everything random comes from one {@link SplittableRandom}
 * seeded with the given long, so a (spec, seed) pair always gives the same pixels.
 *
 * <p>Layout rules: bounding boxes lie at least {@link #MARGIN} px inside the canvas and at least {@link #GAP} px apart
 * (so the checker's connected components never touch); sides come from the {@link Size} ranges; for position scenes
 * the centres differ by at least {@link #AXIS_MARGIN} along the relation's axis and at most {@link #CROSS_MARGIN}
 * across it, stricter than the checker's 10/10 so that anti-aliasing or a slightly trimmed triangle apex never flips
 * the verdict on a render.
 */
public final class Renderer {
    public static final int CANVAS = 64;
    public static final int MARGIN = 2;
    public static final int GAP = 2;
    public static final double AXIS_MARGIN = 12;
    public static final double CROSS_MARGIN = 7;
    /** Samples per pixel along each axis: 4×4 gives 17 coverage levels, plenty for 8-bit edges of 10 px shapes. */
    static final int SUPERSAMPLE = 4;

    // Rejection sampling budget. Rounds first draw sizes freely; later rounds shrink open sizes to small, since four
    // large objects only fit in a few arrangements. If all of it fails a fixed layout is used, so layout() always ends.
    private static final int FREE_SIZE_ROUNDS = 8;
    private static final int SMALL_SIZE_ROUNDS = 8;
    private static final int RESTARTS = 20;
    private static final int TRIES_PER_OBJECT = 60;

    private Renderer() {}

    public static RgbImage render(SceneSpec spec, long seed) {
        return render(spec, seed, WorldVariant.STANDARD);
    }

    /** A render of {@code spec} in a variant of the world; the standard variant gives {@link #render(SceneSpec, long)}'s pixels. */
    public static RgbImage render(SceneSpec spec, long seed, WorldVariant world) {
        return draw(layout(spec, seed, world));
    }

    /** A random layout satisfying the spec and the layout rules; objects in the spec's order. */
    public static List<PlacedObject> layout(SceneSpec spec, long seed) {
        return layout(spec, seed, WorldVariant.STANDARD);
    }

    /** The same within the variant's extent of the canvas. */
    public static List<PlacedObject> layout(SceneSpec spec, long seed, WorldVariant world) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < FREE_SIZE_ROUNDS + SMALL_SIZE_ROUNDS; round++) {
            int[] sides = chooseSides(spec.objects(), rnd, round >= FREE_SIZE_ROUNDS);
            List<PlacedObject> placed = place(spec, sides, rnd, world.extent());
            if (placed != null) {
                return placed;
            }
        }
        return fallback(spec);
    }

    /** Anti-aliased drawing of the objects on the background: each colour blended in by its 4×4 sample coverage. */
    public static RgbImage draw(List<PlacedObject> objects) {
        RgbImage img = RgbImage.filled(CANVAS, CANVAS, Palette.BACKGROUND);
        for (PlacedObject o : objects) {
            paint(img, o);
        }
        return img;
    }

    private static int[] chooseSides(List<ObjectSpec> objects, SplittableRandom rnd, boolean shrink) {
        int[] sides = new int[objects.size()];
        for (int i = 0; i < sides.length; i++) {
            Size size = objects.get(i).size();
            if (size == null) {
                size = shrink || rnd.nextBoolean() ? Size.SMALL : Size.LARGE;
            }
            sides[i] = size.minSide() + rnd.nextInt(size.maxSide() - size.minSide() + 1);
        }
        return sides;
    }

    /** Places objects one by one at random free spots; null when this set of sides did not fit. */
    private static List<PlacedObject> place(SceneSpec spec, int[] sides, SplittableRandom rnd, int extent) {
        for (int restart = 0; restart < RESTARTS; restart++) {
            List<PlacedObject> placed = new ArrayList<>();
            for (int i = 0; i < sides.length; i++) {
                ObjectSpec o = spec.objects().get(i);
                int span = extent - 2 * MARGIN - sides[i] + 1;
                if (span < 1) {
                    return null;
                }
                for (int t = 0; t < TRIES_PER_OBJECT; t++) {
                    PlacedObject c = new PlacedObject(o.colour(), o.shape(),
                            MARGIN + rnd.nextInt(span), MARGIN + rnd.nextInt(span), sides[i]);
                    if (fits(spec, placed, c)) {
                        placed.add(c);
                        break;
                    }
                }
                if (placed.size() != i + 1) {
                    break;
                }
            }
            if (placed.size() == sides.length) {
                return placed;
            }
        }
        return null;
    }

    private static boolean fits(SceneSpec spec, List<PlacedObject> placed, PlacedObject candidate) {
        for (PlacedObject p : placed) {
            if (p.gapTo(candidate) < GAP) {
                return false;
            }
        }
        if (spec.relation() != null && placed.size() == 1) {
            return relationWithMargin(spec.relation(), placed.get(0), candidate);
        }
        return true;
    }

    /** The renderer's stricter form of the relation, between the subject's and the object's bounding-box centres. */
    static boolean relationWithMargin(Relation relation, PlacedObject subject, PlacedObject object) {
        double dx = subject.centreX() - object.centreX();
        double dy = subject.centreY() - object.centreY();
        return relation.along(dx, dy) >= AXIS_MARGIN && relation.across(dx, dy) <= CROSS_MARGIN;
    }

    /**
     * A fixed layout that satisfies the rules for any spec, reached only if rejection sampling fails: the smallest
     * allowed sides, objects in the corners of a 2×2 grid, or side by side on the middle line for position scenes.
     */
    static List<PlacedObject> fallback(SceneSpec spec) {
        List<PlacedObject> out = new ArrayList<>();
        List<ObjectSpec> objects = spec.objects();
        if (spec.relation() != null) {
            ObjectSpec s = objects.get(0);
            ObjectSpec o = objects.get(1);
            int side = Size.SMALL.minSide();
            int near = 32 - 12 - side / 2;
            int far = 32 + 12 - side / 2;
            int mid = 32 - side / 2;
            int[] sub;
            int[] obj;
            switch (spec.relation()) {
                case LEFT_OF:
                    sub = new int[] {near, mid};
                    obj = new int[] {far, mid};
                    break;
                case RIGHT_OF:
                    sub = new int[] {far, mid};
                    obj = new int[] {near, mid};
                    break;
                case ABOVE:
                    sub = new int[] {mid, near};
                    obj = new int[] {mid, far};
                    break;
                case BELOW:
                    sub = new int[] {mid, far};
                    obj = new int[] {mid, near};
                    break;
                default:
                    throw new AssertionError(spec.relation());
            }
            out.add(new PlacedObject(s.colour(), s.shape(), sub[0], sub[1], side));
            out.add(new PlacedObject(o.colour(), o.shape(), obj[0], obj[1], side));
            return out;
        }
        int[][] corners = {{MARGIN, MARGIN}, {34, MARGIN}, {MARGIN, 34}, {34, 34}};
        for (int i = 0; i < objects.size(); i++) {
            ObjectSpec o = objects.get(i);
            int side = (o.size() == null ? Size.SMALL : o.size()).minSide();
            out.add(new PlacedObject(o.colour(), o.shape(), corners[i][0], corners[i][1], side));
        }
        return out;
    }

    private static void paint(RgbImage img, PlacedObject o) {
        int n = SUPERSAMPLE;
        int x0 = Math.max(0, o.x());
        int y0 = Math.max(0, o.y());
        int x1 = Math.min(img.width, o.x() + o.side());
        int y1 = Math.min(img.height, o.y() + o.side());
        Colour c = o.colour();
        for (int py = y0; py < y1; py++) {
            for (int px = x0; px < x1; px++) {
                int hits = 0;
                for (int j = 0; j < n; j++) {
                    double v = (py + (j + 0.5) / n - o.y()) / o.side();
                    for (int i = 0; i < n; i++) {
                        double u = (px + (i + 0.5) / n - o.x()) / o.side();
                        if (o.shape().contains(u, v)) {
                            hits++;
                        }
                    }
                }
                if (hits > 0) {
                    double a = hits / (double) (n * n);
                    img.set(px, py, Palette.blend(c.r(), img.r(px, py), a), Palette.blend(c.g(), img.g(px, py), a),
                            Palette.blend(c.b(), img.b(px, py), a));
                }
            }
        }
    }
}
