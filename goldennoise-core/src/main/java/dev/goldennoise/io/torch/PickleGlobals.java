package dev.goldennoise.io.torch;

import java.io.IOException;

/**
 * The allow-list a {@link RestrictedUnpickler} resolves GLOBAL and STACK_GLOBAL against. Whatever it returns stands
 * in for the global (a {@link PickleCallable}, or a marker such as a storage type); anything else must be refused
 * with an {@link UnsafePickleException}, before any later opcode could use it.
 */
interface PickleGlobals {
    Object resolve(String module, String name) throws IOException;
}
