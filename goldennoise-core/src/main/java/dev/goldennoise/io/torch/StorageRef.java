package dev.goldennoise.io.torch;

import java.io.IOException;
import java.util.List;

/**
 * A checkpoint's persistent id for a storage, {@code ('storage', torch.FloatStorage, key, location, numel)}; the
 * legacy format adds a sixth item, a view {@code (view_key, offset, numel)} into the storage or None.
 *
 * @param offset where the referenced elements start in the stored storage (a legacy view), else 0
 */
record StorageRef(TorchDtype dtype, String key, long numel, long offset) {
    static StorageRef of(Object pid, String source) throws IOException {
        if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new IOException(source + " has a persistent id " + pid + " that is not a storage");
        }
        if (!(t.get(1) instanceof TorchDtype dtype)) {
            throw new IOException(source + " has a storage of type " + t.get(1) + ", which is no storage type this reader knows");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
            throw new IOException(source + " has a storage id " + pid + " without a key and size");
        }
        long offset = 0;
        long size = numel;
        if (t.size() > 5 && t.get(5) != null) {
            if (!(t.get(5) instanceof List<?> view) || view.size() != 3 || !(view.get(1) instanceof Long o)
                    || !(view.get(2) instanceof Long n)) {
                throw new IOException(source + " has a storage view " + t.get(5) + " that is not (key, offset, size)");
            }
            offset = o;
            size = n;
        }
        return new StorageRef(dtype, key, size, offset);
    }
}
