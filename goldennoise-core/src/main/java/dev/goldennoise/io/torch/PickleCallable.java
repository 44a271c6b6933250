package dev.goldennoise.io.torch;

import java.io.IOException;
import java.util.List;

/** A global the unpickler may call with REDUCE: always a Java implementation, never anything the file names. */
@FunctionalInterface
interface PickleCallable {
    Object call(List<Object> args) throws IOException;
}
