package dev.goldennoise.io.torch;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A tensor rebuilt from a checkpoint, copied out of its storage into C order. Floating dtypes keep their values as
 * float32 ({@link #floats}), integer and boolean dtypes as long ({@link #longs}); the other array is null.
 */
public record TorchTensor(TorchDtype dtype, long[] shape, float[] floats, long[] longs) {
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The values as float32 whatever the dtype (counters such as BatchNorm's num_batches_tracked included). */
    public float[] asFloats() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[longs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = longs[i];
        }
        return out;
    }

    /** "float32 [4, 6]", for messages. */
    public String describe() {
        return dtype.name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(shape);
    }

    /**
     * The view {@code storage[offset + Σ index·stride]} of the given shape, copied out. Views reaching outside the
     * storage are refused: the numbers come from the file and a damaged one must not read other tensors' bytes.
     */
    static TorchTensor view(TorchStorage storage, long offset, long[] shape, long[] stride) throws IOException {
        if (shape.length != stride.length) {
            throw new IOException("a tensor of storage " + storage.key() + " has " + shape.length
                    + " sizes but " + stride.length + " strides");
        }
        long count = 1;
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || stride[i] < 0) {
                throw new IOException("a tensor of storage " + storage.key() + " has a negative size or stride: "
                        + Arrays.toString(shape) + " / " + Arrays.toString(stride));
            }
            count = Math.multiplyExact(count, shape[i]);
            if (shape[i] > 0) {
                last += (shape[i] - 1) * stride[i];
            }
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException("a tensor of " + count + " elements is too large for this reader");
        }
        if (count > 0 && (offset < 0 || last >= storage.numel())) {
            throw new IOException("a tensor view " + Arrays.toString(shape) + " at offset " + offset + " with strides "
                    + Arrays.toString(stride) + " reaches element " + last + " of storage " + storage.key() + ", which has "
                    + storage.numel());
        }
        int n = (int) count;
        TorchDtype d = storage.dtype();
        float[] f = d.floating() ? new float[n] : null;
        long[] l = d.floating() ? null : new long[n];
        long[] index = new long[shape.length];
        long at = offset;
        for (int i = 0; i < n; i++) {
            if (f != null) {
                f[i] = d.floatAt(storage.data(), at);
            } else {
                l[i] = d.longAt(storage.data(), at);
            }
            // the next index in C order: the last axis runs fastest
            for (int k = shape.length - 1; k >= 0; k--) {
                index[k]++;
                at += stride[k];
                if (index[k] < shape[k]) {
                    break;
                }
                at -= index[k] * stride[k];
                index[k] = 0;
            }
        }
        return new TorchTensor(d, shape.clone(), f, l);
    }
}
