package dev.goldennoise.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One storage of a checkpoint: {@code numel} elements of {@code dtype}, in the file's byte order. Tensors are views
 * into storages (an offset and strides), and several tensors may share one.
 */
record TorchStorage(TorchDtype dtype, ByteBuffer data, long numel, String key) {
    static TorchStorage of(TorchDtype dtype, ByteBuffer data, long numel, String key) throws IOException {
        if (numel < 0 || (long) data.remaining() < numel * dtype.bytes()) {
            throw new IOException("storage " + key + " should hold " + numel + " " + dtype + " elements ("
                    + numel * dtype.bytes() + " bytes) but has " + data.remaining() + " bytes (a truncated file?)");
        }
        return new TorchStorage(dtype, data.slice().order(data.order()), numel, key);
    }
}
