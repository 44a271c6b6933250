package dev.goldennoise.world;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the objects in an image and judges it against a scene spec. It must work both on clean renders and on the
 * noisy output of a diffusion model, hence the tolerance for anti-aliasing, stray specks and off-palette pixels.
 *
 * <p>Detection: each pixel is explained as a palette colour blended over the background ({@link Palette#fit}); it is
 * foreground of that colour when the coverage is at least {@link #MIN_COVERAGE} and the pixel lies within
 * {@link #MAX_RESIDUAL} of that blend, background otherwise. Foreground pixels form 8-connected components per colour;
 * components under {@link #MIN_PIXELS} pixels are ignored as specks. Each component's shape comes from
 * {@link ShapeClassifier} and its size from the longer bounding-box side ({@link Size#ofSide}).
 *
 * <p>Verdict: the detected (colour, shape) multiset must equal the prompt's, with sizes where the prompt gives them,
 * and for position prompts {@link Relation#holds} must hold between the detected subject and object centres.
 */
public final class Checker {
    public static final double MIN_COVERAGE = 0.5;
    /** RGB distance beyond which a pixel is too far from every colour's blend line to count as any of them. */
    public static final double MAX_RESIDUAL = 60;
    public static final int MIN_PIXELS = 12;

    private Checker() {}

    public static CheckResult check(RgbImage image, SceneSpec spec) {
        List<DetectedObject> detected = detect(image);
        List<ObjectSpec> wanted = spec.objects();
        List<String> failures = new ArrayList<>();
        boolean[] used = new boolean[detected.size()];
        DetectedObject[] match = new DetectedObject[wanted.size()];
        int met = 0;

        // Exact matches first, so that a wrong-size object is only blamed when no right-size one is there.
        for (int i = 0; i < wanted.size(); i++) {
            ObjectSpec w = wanted.get(i);
            int j = find(detected, used, w, true);
            if (j >= 0) {
                used[j] = true;
                match[i] = detected.get(j);
                met++;
            }
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (match[i] != null) {
                continue;
            }
            ObjectSpec w = wanted.get(i);
            int j = find(detected, used, w, false);
            if (j >= 0) {
                // Present but the wrong size: consumed here so it is not also reported as extra.
                used[j] = true;
                match[i] = detected.get(j);
                failures.add("size: " + w.kindPhrase() + " is " + detected.get(j).size().word() + ", prompt says "
                        + w.size().word());
            } else {
                failures.add("missing: " + w.kindPhrase());
            }
        }

        boolean noExtra = true;
        for (int j = 0; j < detected.size(); j++) {
            if (!used[j]) {
                noExtra = false;
                failures.add("extra: " + detected.get(j).kindPhrase());
            }
        }
        if (noExtra) {
            met++;
        }
        int constraints = wanted.size() + 1;

        if (spec.relation() != null) {
            constraints++;
            Relation rel = spec.relation();
            String s = wanted.get(0).kindPhrase();
            String o = wanted.get(1).kindPhrase();
            if (match[0] == null || match[1] == null) {
                failures.add("relation: cannot check " + s + " " + rel.phrase() + " " + o + ", an object is missing");
            } else if (rel.holds(match[0].centreX(), match[0].centreY(), match[1].centreX(), match[1].centreY())) {
                met++;
            } else {
                failures.add("relation: " + s + " is not " + rel.phrase() + " " + o);
            }
        }
        return new CheckResult(failures.isEmpty(), met / (double) constraints, failures, detected);
    }

    private static int find(List<DetectedObject> detected, boolean[] used, ObjectSpec w, boolean sizeMustMatch) {
        for (int j = 0; j < detected.size(); j++) {
            DetectedObject d = detected.get(j);
            if (!used[j] && d.sameKind(w) && (!sizeMustMatch || w.size() == null || w.size() == d.size())) {
                return j;
            }
        }
        return -1;
    }

    /** The objects in the image, in the order a row-by-row scan first meets them. */
    public static List<DetectedObject> detect(RgbImage image) {
        int w = image.width;
        int h = image.height;
        int[] label = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ColourFit f = Palette.fit(image.r(x, y), image.g(x, y), image.b(x, y));
                boolean fg = f.coverage() >= MIN_COVERAGE && f.residual() <= MAX_RESIDUAL;
                label[y * w + x] = fg ? f.colour().ordinal() : -1;
            }
        }
        List<DetectedObject> out = new ArrayList<>();
        boolean[] seen = new boolean[w * h];
        int[] members = new int[w * h];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < w * h; start++) {
            if (label[start] < 0 || seen[start]) {
                continue;
            }
            int colour = label[start];
            int count = 0;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                members[count++] = p;
                int px = p % w;
                int py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        int ny = py + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int q = ny * w + nx;
                            if (!seen[q] && label[q] == colour) {
                                seen[q] = true;
                                queue.add(q);
                            }
                        }
                    }
                }
            }
            if (count >= MIN_PIXELS) {
                out.add(describe(Colour.values()[colour], Arrays.copyOf(members, count), w));
            }
        }
        return out;
    }

    private static DetectedObject describe(Colour colour, int[] members, int w) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int p : members) {
            minX = Math.min(minX, p % w);
            maxX = Math.max(maxX, p % w);
            minY = Math.min(minY, p / w);
            maxY = Math.max(maxY, p / w);
        }
        int bw = maxX - minX + 1;
        int bh = maxY - minY + 1;
        boolean[] mask = new boolean[bw * bh];
        int top = 0;
        int bottom = 0;
        for (int p : members) {
            int x = p % w - minX;
            int y = p / w - minY;
            mask[y * bw + x] = true;
            // Rows strictly above or below the middle of the box; a middle row (odd height) belongs to neither half.
            if (2 * y + 1 < bh) {
                top++;
            } else if (2 * y + 1 > bh) {
                bottom++;
            }
        }
        double fill = filledArea(mask, bw, bh) / (double) (bw * bh);
        double bottomShare = top + bottom == 0 ? 0.5 : bottom / (double) (top + bottom);
        Shape shape = ShapeClassifier.classify(fill, bottomShare);
        return new DetectedObject(colour, shape, Size.ofSide(Math.max(bw, bh)), members.length,
                (minX + maxX + 1) / 2.0, (minY + maxY + 1) / 2.0, minX, minY, maxX, maxY);
    }

    /**
     * Pixels of the box not reachable from outside it without crossing the component: the component with its holes
     * filled, so that noise speckling the inside of a generated square does not make it look like a circle.
     */
    static int filledArea(boolean[] mask, int bw, int bh) {
        int pw = bw + 2;
        int ph = bh + 2;
        boolean[] outside = new boolean[pw * ph];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        outside[0] = true;
        queue.add(0);
        int reached = 0;
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int x = p % pw;
            int y = p / pw;
            if (x >= 1 && y >= 1 && x <= bw && y <= bh) {
                reached++;
            }
            int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
            for (int[] s : steps) {
                int nx = x + s[0];
                int ny = y + s[1];
                if (nx < 0 || ny < 0 || nx >= pw || ny >= ph) {
                    continue;
                }
                int q = ny * pw + nx;
                boolean wall = nx >= 1 && ny >= 1 && nx <= bw && ny <= bh && mask[(ny - 1) * bw + (nx - 1)];
                if (!outside[q] && !wall) {
                    outside[q] = true;
                    queue.add(q);
                }
            }
        }
        return bw * bh - reached;
    }
}
