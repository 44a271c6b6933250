package dev.goldennoise.eval;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;

import java.util.Arrays;

/**
 * How Gaussian one noise still is, and what its singular values are: the model was trained on x_T ~ N(0, I), so a
 * golden noise that drifts from it (a mean, a variance other than 1, a heavy tail) asks the sampler for something
 * it never saw. The normality statistic is Kolmogorov–Smirnov's D against N(0, 1): the largest gap between the
 * values' empirical distribution and the standard normal one, which shrinks like 1/√n for true normal values.
 */
public record NoiseStatistics(double mean, double variance, double ksStatistic) {
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    public static NoiseStatistics of(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            ss += (x[i] - mean) * (x[i] - mean);
            values[i] = x[i];
        }
        double ks = new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(STANDARD, values);
        return new NoiseStatistics(mean, x.length > 1 ? ss / (x.length - 1) : 0, ks);
    }

    /** The singular values of each H×W channel, descending: {@code [channel][k]}. */
    public static double[][] singularValues(float[] x, int channels, int height, int width) {
        double[][] out = new double[channels][];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double[] data = new double[plane];
            for (int i = 0; i < plane; i++) {
                data[i] = x[c * plane + i];
            }
            double[] s = SingularOps_DDRM.singularValues(new DMatrixRMaj(height, width, true, data));
            Arrays.sort(s);
            double[] desc = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                desc[i] = s[s.length - 1 - i];
            }
            out[c] = desc;
        }
        return out;
    }
}
