package dev.goldennoise.world;

/**
 * Colour arithmetic shared by the renderer and the checker: both think of every pixel as one palette colour blended
 * over the background by some coverage, so what one draws the other can read back exactly.
 */
public final class Palette {
    /** The flat canvas colour. */
    public static final Rgb BACKGROUND = new Rgb(245, 245, 245);

    private Palette() {}

    /** One channel of a colour drawn with the given coverage over what is underneath, rounded to 0..255. */
    public static int blend(int colourChannel, int underChannel, double coverage) {
        long v = Math.round(coverage * colourChannel + (1 - coverage) * underChannel);
        return (int) Math.max(0, Math.min(255, v));
    }

    /**
     * The palette colour whose blend line through the background passes closest to the pixel. Plain nearest-colour
     * would be fooled by anti-aliased edges (half blue, half background is nearer purple than blue), so each colour
     * gets its own least-squares coverage first and the colours are compared by what that coverage leaves unexplained.
     */
    public static ColourFit fit(int r, int g, int b) {
        double dr = r - BACKGROUND.r();
        double dg = g - BACKGROUND.g();
        double db = b - BACKGROUND.b();
        ColourFit best = null;
        for (Colour c : Colour.values()) {
            double er = c.r() - BACKGROUND.r();
            double eg = c.g() - BACKGROUND.g();
            double eb = c.b() - BACKGROUND.b();
            double a = (dr * er + dg * eg + db * eb) / (er * er + eg * eg + eb * eb);
            a = Math.max(0, Math.min(1, a));
            double xr = dr - a * er;
            double xg = dg - a * eg;
            double xb = db - a * eb;
            double residual = Math.sqrt(xr * xr + xg * xg + xb * xb);
            if (best == null || residual < best.residual()) {
                best = new ColourFit(c, a, residual);
            }
        }
        return best;
    }
}
