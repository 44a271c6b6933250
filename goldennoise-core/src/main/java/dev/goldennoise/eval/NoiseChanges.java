package dev.goldennoise.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a noise strategy changes, summed over many items: the radially averaged power spectrum of Δ = x_T' − x_T and
 * the share of its energy at low frequencies, the singular values of each channel before and after, the mean |Δ| at
 * each latent position per category (where the strategy moves mass), the relative size of the move, and how Gaussian
 * the noises are before and after. Add items one by one, then read the means.
 */
public final class NoiseChanges {
    private final int channels;
    private final int height;
    private final int width;
    private final int cutoff;
    private final double[] spectrum;
    private final double[] singularBefore;
    private final double[] singularAfter;
    private final Map<String, double[]> absDelta = new LinkedHashMap<>();
    private final Map<String, Integer> perCategory = new LinkedHashMap<>();
    private final double[] statsBefore = new double[3];
    private final double[] statsAfter = new double[3];
    private double relativeMove;
    private int n;

    public NoiseChanges(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.cutoff = Math.max(1, Math.min(height, width) / 8);
        this.spectrum = new double[NoiseSpectrum.maxBin(height, width) + 1];
        this.singularBefore = new double[Math.min(height, width)];
        this.singularAfter = new double[Math.min(height, width)];
    }

    /** Frequencies up to this radius count as low: an eighth of the latent's side, at least 1. */
    public int cutoff() {
        return cutoff;
    }

    public void add(float[] before, float[] after, String category) {
        if (before.length != after.length || before.length != channels * height * width) {
            throw new IllegalArgumentException("noises of " + before.length + " and " + after.length + " values, expected "
                    + channels * height * width);
        }
        float[] delta = new float[before.length];
        double moved = 0;
        double norm = 0;
        for (int i = 0; i < delta.length; i++) {
            delta[i] = after[i] - before[i];
            moved += (double) delta[i] * delta[i];
            norm += (double) before[i] * before[i];
        }
        relativeMove += norm == 0 ? 0 : Math.sqrt(moved / norm);
        double[] radial = NoiseSpectrum.radial(delta, channels, height, width);
        for (int r = 0; r < radial.length; r++) {
            spectrum[r] += radial[r];
        }
        accumulate(singularBefore, NoiseStatistics.singularValues(before, channels, height, width));
        accumulate(singularAfter, NoiseStatistics.singularValues(after, channels, height, width));
        double[] map = absDelta.computeIfAbsent(category, k -> new double[height * width]);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height * width; i++) {
                map[i] += Math.abs(delta[c * height * width + i]) / channels;
            }
        }
        perCategory.merge(category, 1, Integer::sum);
        add(statsBefore, NoiseStatistics.of(before));
        add(statsAfter, NoiseStatistics.of(after));
        n++;
    }

    public int items() {
        return n;
    }

    /** Mean energy of Δ per radius bin. */
    public double[] meanSpectrum() {
        return scaled(spectrum, 1.0 / Math.max(1, n));
    }

    public double lowFrequencyShare() {
        return NoiseSpectrum.shareBelow(spectrum, cutoff);
    }

    public double meanRelativeMove() {
        return relativeMove / Math.max(1, n);
    }

    /** Mean singular value by rank, over channels and items. */
    public double[] singularValuesBefore() {
        return scaled(singularBefore, 1.0 / Math.max(1, n * channels));
    }

    public double[] singularValuesAfter() {
        return scaled(singularAfter, 1.0 / Math.max(1, n * channels));
    }

    /** Per category, mean |Δ| at each of the H×W positions (averaged over channels). */
    public Map<String, double[]> meanAbsDelta() {
        Map<String, double[]> out = new LinkedHashMap<>();
        absDelta.forEach((k, v) -> out.put(k, scaled(v, 1.0 / perCategory.get(k))));
        return out;
    }

    /** Mean over items of each noise's mean, variance and KS statistic, before. */
    public NoiseStatistics gaussianityBefore() {
        return mean(statsBefore);
    }

    public NoiseStatistics gaussianityAfter() {
        return mean(statsAfter);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    private NoiseStatistics mean(double[] sums) {
        double k = Math.max(1, n);
        return new NoiseStatistics(sums[0] / k, sums[1] / k, sums[2] / k);
    }

    private static void add(double[] sums, NoiseStatistics s) {
        sums[0] += s.mean();
        sums[1] += s.variance();
        sums[2] += s.ksStatistic();
    }

    private static void accumulate(double[] sums, double[][] perChannel) {
        for (double[] s : perChannel) {
            for (int k = 0; k < sums.length && k < s.length; k++) {
                sums[k] += s[k];
            }
        }
    }

    private static double[] scaled(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }
}
