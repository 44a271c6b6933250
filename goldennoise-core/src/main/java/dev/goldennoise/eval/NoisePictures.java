package dev.goldennoise.eval;

import dev.goldennoise.world.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Noises and images as inline PNG data URIs, so an explanation page is one file that opens anywhere. A noise is drawn
 * as its channels side by side, grey at 0, white at +range and black at −range; the caller picks the range (3 for a
 * unit Gaussian, the largest |Δ| for a change) so that small moves stay visible.
 */
final class NoisePictures {
    private static final int GAP = 2;

    private NoisePictures() {}

    static String noise(float[] x, int channels, int height, int width, double range) {
        BufferedImage img = new BufferedImage(channels * (width + GAP) - GAP, height, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int xx = 0; xx < width; xx++) {
                    double v = range <= 0 ? 0 : x[(c * height + y) * width + xx] / range;
                    int g = (int) Math.round(127.5 + 127.5 * Math.max(-1, Math.min(1, v)));
                    img.setRGB(c * (width + GAP) + xx, y, (g << 16) | (g << 8) | g);
                }
            }
            for (int y = 0; y < height && c < channels - 1; y++) {
                for (int k = 0; k < GAP; k++) {
                    img.setRGB(c * (width + GAP) + width + k, y, 0xFFFFFF);
                }
            }
        }
        return dataUri(img);
    }

    /** A map of non-negative values (mean |Δ|), black at 0 and white at {@code max}. */
    static String heat(double[] map, int height, int width, double max) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int g = (int) Math.round(255 * Math.max(0, Math.min(1, max <= 0 ? 0 : map[y * width + x] / max)));
                img.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        return dataUri(img);
    }

    static String image(RgbImage image) {
        return dataUri(image.toBufferedImage());
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static String dataUri(BufferedImage img) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(img, "png", bytes);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
