package dev.goldennoise.eval;

/**
 * Where in frequency a noise's energy lies. The 2D discrete Fourier transform of each H×W channel, computed
 * separably (rows, then columns) so any latent size works, not only powers of two; by Parseval's theorem
 * Σ|F|²/(H·W) = Σx², so the radially binned spectrum below sums exactly to the noise's energy, and "the share below a
 * cut-off" is a share of that energy. Frequencies are signed (−H/2 … H/2−1), and the bin of (ky, kx) is
 * round(√(ky² + kx²)): bin 0 is the mean, bin 1 the slowest waves, the last bins the corners of the grid.
 */
public final class NoiseSpectrum {
    private NoiseSpectrum() {}

    /** Energy per radius bin, summed over channels; {@code x} is C×H×W, row-major. */
    public static double[] radial(float[] x, int channels, int height, int width) {
        double[] bins = new double[maxBin(height, width) + 1];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double[][] power = power(x, c * plane, height, width);
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    bins[bin(y, xx, height, width)] += power[y][xx] / plane;
                }
            }
        }
        return bins;
    }

    /** The share of the energy in bins up to and including {@code cutoff}. */
    public static double shareBelow(double[] radial, int cutoff) {
        double low = 0;
        double all = 0;
        for (int r = 0; r < radial.length; r++) {
            all += radial[r];
            low += r <= cutoff ? radial[r] : 0;
        }
        return all == 0 ? 0 : low / all;
    }

    /** {@code x} with every frequency above {@code cutoff} removed: the slow part a picture of Δ should show. */
    public static float[] lowPass(float[] x, int channels, int height, int width, int cutoff) {
        float[] out = new float[x.length];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            double[][][] f = transform(x, c * plane, height, width);
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    if (bin(y, xx, height, width) > cutoff) {
                        f[0][y][xx] = 0;
                        f[1][y][xx] = 0;
                    }
                }
            }
            // the inverse DFT is the forward DFT of the conjugate, conjugated and divided by H·W; the input is real
            // and the kept set of frequencies is symmetric, so the result is real
            double[][][] back = dft2(f[0], negate(f[1]), height, width);
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    out[c * plane + y * width + xx] = (float) (back[0][y][xx] / plane);
                }
            }
        }
        return out;
    }

    /** The share of all frequencies, hence of white noise's expected energy, at radius ≤ {@code cutoff}. */
    public static double whiteShare(int height, int width, int cutoff) {
        int low = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                low += bin(y, x, height, width) <= cutoff ? 1 : 0;
            }
        }
        return (double) low / (height * width);
    }

    static int maxBin(int height, int width) {
        return (int) Math.round(Math.sqrt((double) (height / 2) * (height / 2) + (double) (width / 2) * (width / 2)));
    }

    private static int bin(int y, int x, int height, int width) {
        int ky = y < (height + 1) / 2 ? y : y - height;
        int kx = x < (width + 1) / 2 ? x : x - width;
        return (int) Math.round(Math.sqrt((double) ky * ky + (double) kx * kx));
    }

    private static double[][] power(float[] x, int offset, int height, int width) {
        double[][][] f = transform(x, offset, height, width);
        double[][] p = new double[height][width];
        for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
                p[y][xx] = f[0][y][xx] * f[0][y][xx] + f[1][y][xx] * f[1][y][xx];
            }
        }
        return p;
    }

    private static double[][][] transform(float[] x, int offset, int height, int width) {
        double[][] re = new double[height][width];
        for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
                re[y][xx] = x[offset + y * width + xx];
            }
        }
        return dft2(re, new double[height][width], height, width);
    }

    private static double[][] negate(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = -a[i][j];
            }
        }
        return out;
    }

    /** Forward 2D DFT of (re, im), rows then columns; returns {re, im}. */
    private static double[][][] dft2(double[][] re, double[][] im, int height, int width) {
        double[][] rowRe = new double[height][width];
        double[][] rowIm = new double[height][width];
        for (int y = 0; y < height; y++) {
            dft(re[y], im[y], rowRe[y], rowIm[y]);
        }
        double[][] outRe = new double[height][width];
        double[][] outIm = new double[height][width];
        double[] colRe = new double[height];
        double[] colIm = new double[height];
        double[] resRe = new double[height];
        double[] resIm = new double[height];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                colRe[y] = rowRe[y][x];
                colIm[y] = rowIm[y][x];
            }
            dft(colRe, colIm, resRe, resIm);
            for (int y = 0; y < height; y++) {
                outRe[y][x] = resRe[y];
                outIm[y][x] = resIm[y];
            }
        }
        return new double[][][] {outRe, outIm};
    }

    private static void dft(double[] re, double[] im, double[] outRe, double[] outIm) {
        int n = re.length;
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) k * j % n) / n;
                double cos = Math.cos(a);
                double sin = Math.sin(a);
                sr += re[j] * cos - im[j] * sin;
                si += re[j] * sin + im[j] * cos;
            }
            outRe[k] = sr;
            outIm[k] = si;
        }
    }
}
