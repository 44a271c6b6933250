package dev.goldennoise.world;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image, 64×64 in the shapes world but any size works. This is the one currency between renderer,
 * checker, model output and files, so conversions to tensors ({@link #toChw()}) and PNG live here.
 */
public final class RgbImage {
    public final int width;
    public final int height;
    /** Interleaved r, g, b per pixel, row-major. */
    private final byte[] data;

    /** A black image. */
    public RgbImage(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "×" + height);
        }
        this.width = width;
        this.height = height;
        this.data = new byte[3 * width * height];
    }

    /** An image of one flat colour. */
    public static RgbImage filled(int width, int height, Rgb colour) {
        RgbImage img = new RgbImage(width, height);
        for (int i = 0; i < width * height; i++) {
            img.data[3 * i] = (byte) colour.r();
            img.data[3 * i + 1] = (byte) colour.g();
            img.data[3 * i + 2] = (byte) colour.b();
        }
        return img;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int r(int x, int y) {
        return data[index(x, y)] & 0xff;
    }

    public int g(int x, int y) {
        return data[index(x, y) + 1] & 0xff;
    }

    public int b(int x, int y) {
        return data[index(x, y) + 2] & 0xff;
    }

    public void set(int x, int y, int r, int g, int b) {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
            throw new IllegalArgumentException("RGB channels must be in 0..255, got (" + r + ", " + g + ", " + b + ")");
        }
        int i = index(x, y);
        data[i] = (byte) r;
        data[i + 1] = (byte) g;
        data[i + 2] = (byte) b;
    }

    /** Channel-major floats (3×H×W) in [-1, 1], the range diffusion models work in: v / 127.5 − 1. */
    public float[] toChw() {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + i] = (data[3 * i + c] & 0xff) / 127.5f - 1f;
            }
        }
        return out;
    }

    /**
     * The inverse of {@link #toChw()}. Model outputs overshoot, so values are clamped to [-1, 1] (NaN reads as 0,
     * mid grey) rather than rejected.
     */
    public static RgbImage fromChw(float[] chw, int h, int w) {
        if (chw.length != 3 * h * w) {
            throw new IllegalArgumentException("expected 3×" + h + "×" + w + " = " + 3 * h * w + " values, got " + chw.length);
        }
        RgbImage img = new RgbImage(w, h);
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float v = chw[c * plane + i];
                if (Float.isNaN(v)) {
                    v = 0f;
                }
                v = Math.max(-1f, Math.min(1f, v));
                img.data[3 * i + c] = (byte) Math.round((v + 1f) * 127.5f);
            }
        }
        return img;
    }

    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, (r(x, y) << 16) | (g(x, y) << 8) | b(x, y));
            }
        }
        return out;
    }

    /** Any BufferedImage, alpha ignored. */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        RgbImage img = new RgbImage(image.getWidth(), image.getHeight());
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                int argb = image.getRGB(x, y);
                img.set(x, y, (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
            }
        }
        return img;
    }

    public static RgbImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not an image ImageIO can read (expected PNG)");
        }
        return fromBufferedImage(image);
    }

    /**
     * Writes a PNG through a temporary file in the same folder renamed into place, so a reader (or a run that was
     * stopped half-way) never sees a truncated image.
     */
    public void writePng(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(toBufferedImage(), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            try {
                // temporary files are owner-only; a finished image should read like any other file
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "×" + height + "]";
    }

    private int index(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "×" + height);
        }
        return 3 * (y * width + x);
    }
}
