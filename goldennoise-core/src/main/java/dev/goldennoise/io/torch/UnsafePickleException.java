package dev.goldennoise.io.torch;

import java.io.IOException;

/**
 * A pickle that asks for more than tensors, storages and ordered dicts: a global outside the allow-list, or an
 * opcode that builds arbitrary objects. Thrown before anything the file names could run.
 */
public final class UnsafePickleException extends IOException {
    public UnsafePickleException(String message) {
        super(message);
    }
}
