package dev.goldennoise.score;

import dev.goldennoise.world.Checker;
import dev.goldennoise.world.Colour;
import dev.goldennoise.world.ColourFit;
import dev.goldennoise.world.DetectedObject;
import dev.goldennoise.world.Palette;
import dev.goldennoise.world.Rgb;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Quality negatives: damaged copies of a clean image that still show roughly the same scene. Paired with the clean
 * image they teach the preference scorer to like clean renders for their own sake, separately from prompt alignment.
 * The damage imitates what a weak diffusion model gets wrong (soft edges, grain, missing chunks, smears, colours
 * leaking) and is kept moderate: a scorer trained on wrecked images would only learn to spot wreckage.
 *
 * <p>Every method returns a new image, leaves its input alone, and takes all randomness from the given
 * {@link Random}, so the same generator state gives the same pixels.
 */
public final class Degradations {
    public static final String BLUR = "blur";
    public static final String NOISE = "noise";
    public static final String BROKEN = "broken";
    public static final String SMEAR = "smear";
    public static final String COLOUR_BLEED = "colour-bleed";

    private static final List<String> NAMES = List.of(BLUR, NOISE, BROKEN, SMEAR, COLOUR_BLEED);

    /** Pixels with at least this much of some palette colour count as touched by an object (anti-aliased rim). */
    private static final double TOUCHED = 0.1;
    /** Strongest coverage a colour-bleed halo pixel may reach, just under the checker's foreground cut of 0.5. */
    private static final double HALO_MAX_COVERAGE = 0.45;

    private Degradations() {}

    /** The degradation names {@link #apply} accepts, in a fixed order. */
    public static List<String> names() {
        return NAMES;
    }

    /** One of the five degradations, chosen uniformly, at a random moderate strength. */
    public static RgbImage random(RgbImage image, Random rnd) {
        return apply(NAMES.get(rnd.nextInt(NAMES.size())), image, rnd);
    }

    /**
     * The named degradation at a random moderate strength: blur radius 1–2, noise sd 10–30 (the checker still reads
     * sd 20 perfectly, so this is damage a scorer must see rather than a scene change), the others as documented on
     * their methods.
     */
    public static RgbImage apply(String name, RgbImage image, Random rnd) {
        switch (name) {
            case BLUR:
                return blur(image, 1 + rnd.nextInt(2));
            case NOISE:
                return noise(image, rnd, 10 + 20 * rnd.nextDouble());
            case BROKEN:
                return broken(image, rnd);
            case SMEAR:
                return smear(image, rnd);
            case COLOUR_BLEED:
                return colourBleed(image, rnd);
            default:
                throw new IllegalArgumentException("unknown degradation '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }

    /** Box blur over a (2·radius + 1)² window; edges repeat the border pixels so the frame does not darken. */
    public static RgbImage blur(RgbImage image, int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("blur radius must be at least 0, got " + radius);
        }
        return toImage(boxBlur(planes(image), image.width, image.height, radius), image.width, image.height);
    }

    /** Independent Gaussian noise of standard deviation sigma (0..255 units) on every channel, clamped. */
    public static RgbImage noise(RgbImage image, Random rnd, double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("noise sigma must be at least 0, got " + sigma);
        }
        double[][] p = planes(image);
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] += sigma * rnd.nextGaussian();
            }
        }
        return toImage(p, image.width, image.height);
    }

    /**
     * One detected object loses 25–50 % of its ink to the background: either a slice cut off by a straight line at a
     * random angle, or a pie wedge around its centre. Ink is measured as summed coverage so that the share removed
     * does not depend on how much anti-aliased rim the object has. An image with no detectable object comes back as an
     * unchanged copy, since there is nothing to break.
     */
    public static RgbImage broken(RgbImage image, Random rnd) {
        List<DetectedObject> objects = Checker.detect(image);
        RgbImage out = copy(image);
        if (objects.isEmpty()) {
            return out;
        }
        DetectedObject target = objects.get(rnd.nextInt(objects.size()));
        double share = 0.25 + 0.25 * rnd.nextDouble();
        boolean wedge = rnd.nextBoolean();
        double angle = 2 * Math.PI * rnd.nextDouble();
        double cx = target.centreX();
        double cy = target.centreY();
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);

        // Object pixels: the target's colour within its box grown by one, which takes in the faint rim that the
        // checker's coverage cut left out; a hole in the shape with a halo of rim pixels would look painted on.
        List<double[]> pixels = new ArrayList<>();
        double total = 0;
        for (int y = Math.max(0, target.minY() - 1); y <= Math.min(image.height - 1, target.maxY() + 1); y++) {
            for (int x = Math.max(0, target.minX() - 1); x <= Math.min(image.width - 1, target.maxX() + 1); x++) {
                ColourFit f = Palette.fit(image.r(x, y), image.g(x, y), image.b(x, y));
                if (f.colour() == target.colour() && f.coverage() >= TOUCHED && f.residual() <= Checker.MAX_RESIDUAL) {
                    double px = x + 0.5 - cx;
                    double py = y + 0.5 - cy;
                    // Sorting by this key and erasing from the front removes a wedge swept from the start angle,
                    // or a slice from the side the direction points to.
                    double key = wedge ? wrapAngle(Math.atan2(py, px) - angle) : -(px * ux + py * uy);
                    pixels.add(new double[] {key, x, y, f.coverage()});
                    total += f.coverage();
                }
            }
        }
        pixels.sort(Comparator.comparingDouble(a -> a[0]));
        Rgb bg = Palette.BACKGROUND;
        double erased = 0;
        for (double[] p : pixels) {
            if (erased >= share * total) {
                break;
            }
            out.set((int) p[1], (int) p[2], bg.r(), bg.g(), bg.b());
            erased += p[3];
        }
        return out;
    }

    /**
     * Motion smear 4–8 px in a random direction: each pixel averages the image along a line behind it with weights
     * fading linearly, so objects keep a solid body and trail a fading streak (a uniform average would just shift and
     * soften them). On the flat background only the objects visibly streak.
     */
    public static RgbImage smear(RgbImage image, Random rnd) {
        int length = 4 + rnd.nextInt(5);
        double angle = 2 * Math.PI * rnd.nextDouble();
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        int w = image.width;
        int h = image.height;
        double[][] src = planes(image);
        double[][] dst = new double[3][w * h];
        double weightSum = 0;
        for (int t = 0; t <= length; t++) {
            weightSum += length + 1 - t;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int t = 0; t <= length; t++) {
                    double weight = (length + 1 - t) / weightSum;
                    double sx = x - t * dx;
                    double sy = y - t * dy;
                    for (int c = 0; c < 3; c++) {
                        dst[c][y * w + x] += weight * bilinear(src[c], w, h, sx, sy);
                    }
                }
            }
        }
        return toImage(dst, w, h);
    }

    /**
     * Colours leaking across edges: always a halo (object colour spreading 2–3 px into the background, faint enough
     * that the checker still reads it as background), and half the time also a fringe (each object's outline, its
     * anti-aliased rim and outermost solid pixels, shifted 30–50 % toward another palette colour, one target per
     * source colour). Interior pixels of the objects keep their colour, so the scene stays readable while its edges
     * stop being clean.
     */
    public static RgbImage colourBleed(RgbImage image, Random rnd) {
        // The halo is always there: a fringe alone on a small crisp square moves too few pixels to count as damage.
        boolean fringe = rnd.nextBoolean();
        int radius = 2 + rnd.nextInt(2);
        double gain = 1.4 + 0.4 * rnd.nextDouble();
        double shift = 0.3 + 0.2 * rnd.nextDouble();
        Colour[] target = new Colour[Colour.values().length];
        for (Colour c : Colour.values()) {
            Colour other = Colour.values()[rnd.nextInt(Colour.values().length - 1)];
            // Skipping over c keeps the pick uniform among the other five colours.
            target[c.ordinal()] = other.ordinal() >= c.ordinal() ? Colour.values()[other.ordinal() + 1] : other;
        }

        int w = image.width;
        int h = image.height;
        ColourFit[] fit = new ColourFit[w * h];
        boolean[] solid = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ColourFit f = Palette.fit(image.r(x, y), image.g(x, y), image.b(x, y));
                fit[y * w + x] = f;
                solid[y * w + x] = f.coverage() >= Checker.MIN_COVERAGE && f.residual() <= Checker.MAX_RESIDUAL;
            }
        }
        double[][] out = planes(image);
        if (fringe) {
            for (int i = 0; i < w * h; i++) {
                ColourFit f = fit[i];
                if (f.coverage() < TOUCHED || f.residual() > Checker.MAX_RESIDUAL || !nearNonSolid(solid, w, h, i, 1)) {
                    continue;
                }
                Colour from = f.colour();
                Colour to = target[from.ordinal()];
                // Move only the colour part of the blend, so anti-aliased coverage (the shape's outline) is kept.
                double k = f.coverage() * shift;
                out[0][i] += k * (to.r() - from.r());
                out[1][i] += k * (to.g() - from.g());
                out[2][i] += k * (to.b() - from.b());
            }
        }
        addHalo(out, solid, w, h, radius, gain);
        return toImage(out, w, h);
    }

    /** Spreads the objects' colour (after any fringe) into the non-solid pixels around them, in place. */
    private static void addHalo(double[][] out, boolean[] solid, int w, int h, int radius, double gain) {
        Rgb bg = Palette.BACKGROUND;
        double[] bgc = {bg.r(), bg.g(), bg.b()};
        double[][] blurred = boxBlur(out, w, h, radius);
        for (int i = 0; i < w * h; i++) {
            if (solid[i]) {
                continue;
            }
            double[] spread = new double[3];
            for (int c = 0; c < 3; c++) {
                spread[c] = bgc[c] + gain * (blurred[c][i] - bgc[c]);
            }
            // Kept under the checker's foreground cut: a halo is a stain around the object, and letting it turn
            // solid would grow the object and change its size or shape instead of its quality.
            ColourFit sf = Palette.fit(channel(spread[0]), channel(spread[1]), channel(spread[2]));
            if (sf.coverage() > HALO_MAX_COVERAGE) {
                double scale = HALO_MAX_COVERAGE / sf.coverage();
                for (int c = 0; c < 3; c++) {
                    spread[c] = bgc[c] + scale * (spread[c] - bgc[c]);
                }
            }
            double spreadInk = 0;
            double ownInk = 0;
            for (int c = 0; c < 3; c++) {
                spreadInk += Math.abs(spread[c] - bgc[c]);
                ownInk += Math.abs(out[c][i] - bgc[c]);
            }
            // Only where the spread colour is stronger than what is there: a halo adds colour, never erases it.
            if (spreadInk > ownInk) {
                for (int c = 0; c < 3; c++) {
                    out[c][i] = spread[c];
                }
            }
        }
    }

    private static boolean nearNonSolid(boolean[] solid, int w, int h, int i, int reach) {
        int x0 = i % w;
        int y0 = i / w;
        for (int y = y0 - reach; y <= y0 + reach; y++) {
            for (int x = x0 - reach; x <= x0 + reach; x++) {
                if (x < 0 || y < 0 || x >= w || y >= h || !solid[y * w + x]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Angle in [0, 2π). */
    private static double wrapAngle(double a) {
        double t = a % (2 * Math.PI);
        return t < 0 ? t + 2 * Math.PI : t;
    }

    private static double bilinear(double[] plane, int w, int h, double x, double y) {
        double cx = Math.max(0, Math.min(w - 1, x));
        double cy = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = plane[y0 * w + x0] * (1 - fx) + plane[y0 * w + x1] * fx;
        double bottom = plane[y1 * w + x0] * (1 - fx) + plane[y1 * w + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** Separable box blur with edge repetition, kept in doubles so two passes round only once. */
    private static double[][] boxBlur(double[][] src, int w, int h, int radius) {
        double[][] out = new double[3][];
        int n = 2 * radius + 1;
        for (int c = 0; c < 3; c++) {
            double[] tmp = new double[w * h];
            double[] res = new double[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += src[c][y * w + Math.max(0, Math.min(w - 1, x + k))];
                    }
                    tmp[y * w + x] = s / n;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        s += tmp[Math.max(0, Math.min(h - 1, y + k)) * w + x];
                    }
                    res[y * w + x] = s / n;
                }
            }
            out[c] = res;
        }
        return out;
    }

    private static double[][] planes(RgbImage image) {
        int w = image.width;
        double[][] p = new double[3][w * image.height];
        for (int y = 0; y < image.height; y++) {
            for (int x = 0; x < w; x++) {
                p[0][y * w + x] = image.r(x, y);
                p[1][y * w + x] = image.g(x, y);
                p[2][y * w + x] = image.b(x, y);
            }
        }
        return p;
    }

    private static RgbImage toImage(double[][] p, int w, int h) {
        RgbImage img = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.set(x, y, channel(p[0][i]), channel(p[1][i]), channel(p[2][i]));
            }
        }
        return img;
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static RgbImage copy(RgbImage image) {
        RgbImage out = new RgbImage(image.width, image.height);
        for (int y = 0; y < image.height; y++) {
            for (int x = 0; x < image.width; x++) {
                out.set(x, y, image.r(x, y), image.g(x, y), image.b(x, y));
            }
        }
        return out;
    }
}
