package dev.goldennoise.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One NumPy array as a .npy file holds it: a dtype string, a shape (empty for a 0-d scalar) and the element bytes,
 * little-endian in C order. The raw bytes are kept so that an array read from Python goes back out unchanged;
 * {@link #asFloats()} and {@link #asLongs()} convert on demand.
 *
 * <p>Supported dtypes, as NumPy spells them: {@code <f2}, {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8} and
 * {@code |u1}. {@code data} is not copied in or out, since noise shards are large: do not change it afterwards.
 */
public record NpyArray(String dtype, long[] shape, byte[] data) {
    /** Java arrays are int-indexed; a few bytes are kept back as the JDK's own array limits do. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long bytes = Math.multiplyExact(count(shape), width(dtype));
        if (bytes != data.length) {
            throw new IllegalArgumentException("shape " + Npy.shapeText(shape) + " of " + dtype + " needs " + bytes
                    + " bytes, got " + data.length);
        }
    }

    public static NpyArray ofFloats(long[] shape, float[] values) {
        checkLength(shape, values.length);
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new NpyArray("<f4", shape, buf.array());
    }

    public static NpyArray ofLongs(long[] shape, long[] values) {
        checkLength(shape, values.length);
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return new NpyArray("<i8", shape, buf.array());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements: 1 for a 0-d scalar. */
    public int size() {
        return (int) count(shape);
    }

    /** Every element widened or narrowed to float (float64 and int64 values may lose precision). */
    public float[] asFloats() {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[size()];
        switch (dtype) {
            case "<f4" -> buf.asFloatBuffer().get(out);
            case "<f2" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float16.toFloat(buf.getShort(2 * i));
                }
            }
            case "<f8" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) buf.getDouble(8 * i);
                }
            }
            case "<i4" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getInt(4 * i);
                }
            }
            case "<i8" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getLong(8 * i);
                }
            }
            case "|u1" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = data[i] & 0xff;
                }
            }
            default -> throw new IllegalStateException("unsupported dtype " + dtype);
        }
        return out;
    }

    /** The index of the first NaN or infinite element, or -1 when there is none (always -1 for integer dtypes). */
    public int firstNonFinite() {
        if (!dtype.startsWith("<f")) {
            return -1;
        }
        if (dtype.equals("<f8")) {
            ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size(); i++) {
                if (!Double.isFinite(buf.getDouble(8 * i))) {
                    return i;
                }
            }
            return -1;
        }
        return Finite.firstNonFinite(asFloats());
    }

    /**
     * Every element as a long. Float elements must be whole numbers: an index stored as 3.0 is fine, but 3.5 means
     * the wrong array was asked for, and rounding it would hide that.
     */
    public long[] asLongs() {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[size()];
        switch (dtype) {
            case "<i8" -> buf.asLongBuffer().get(out);
            case "<i4" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = buf.getInt(4 * i);
                }
            }
            case "|u1" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = data[i] & 0xff;
                }
            }
            case "<f2", "<f4", "<f8" -> {
                float[] f = dtype.equals("<f8") ? null : asFloats();
                for (int i = 0; i < out.length; i++) {
                    double v = f == null ? buf.getDouble(8 * i) : f[i];
                    if (v != Math.rint(v) || Math.abs(v) >= 0x1p63) {
                        throw new IllegalStateException(dtype + " element " + i + " is " + v + ", not a whole number");
                    }
                    out[i] = (long) v;
                }
            }
            default -> throw new IllegalStateException("unsupported dtype " + dtype);
        }
        return out;
    }

    /** Bytes per element; an unknown dtype is refused here, so that no array of one can exist. */
    static int width(String dtype) {
        return switch (dtype) {
            case "<f2" -> 2;
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|u1" -> 1;
            default -> throw new IllegalArgumentException("unsupported dtype '" + dtype
                    + "' (supported: <f2, <f4, <f8, <i4, <i8, |u1)");
        };
    }

    /** The element count of a shape, refused when its bytes could not fit one Java array. */
    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Npy.shapeText(shape));
            }
            n = Math.multiplyExact(n, d);
            if (n > MAX_BYTES) {
                throw new IllegalArgumentException("shape " + Npy.shapeText(shape) + " is too large for one array");
            }
        }
        return n;
    }

    private static void checkLength(long[] shape, int length) {
        if (count(shape) != length) {
            throw new IllegalArgumentException("shape " + Npy.shapeText(shape) + " holds " + count(shape)
                    + " elements, got " + length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + Npy.shapeText(shape) + "]";
    }
}
