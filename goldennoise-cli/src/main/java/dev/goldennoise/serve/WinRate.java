package dev.goldennoise.serve;

/**
 * A rolling golden-against-control win rate: the chance that golden beats control, ties counted half (NaN when
 * either side is empty), over {@code sample} observations of the scarcer side.
 */
public record WinRate(double rate, int sample) {
    public static final WinRate NONE = new WinRate(Double.NaN, 0);
}
