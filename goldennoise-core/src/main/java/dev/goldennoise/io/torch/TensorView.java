package dev.goldennoise.io.torch;

/**
 * What {@code torch._utils._rebuild_tensor_v2} describes: a view of a storage. It is copied out only after the
 * whole pickle is read, because the legacy format stores the storages' bytes after the pickle.
 */
record TensorView(StorageRef storage, long offset, long[] shape, long[] stride) {}
