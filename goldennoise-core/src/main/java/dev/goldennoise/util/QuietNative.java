package dev.goldennoise.util;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Starts the tensor engine with the process's native stderr muted. libtorch prints a deprecation warning
 * ("AutoNonVariableTypeMode is deprecated") from C++ the first time an array's values are set in place (DJL's
 * {@code NDArray.set}, which loading weights does), once per process; it is not about goldennoise and libtorch's
 * log level does not turn it off. So the command line sets one small array while file descriptor 2 points at
 * /dev/null, then restores it; Java's own stderr is idle meanwhile.
 */
public final class QuietNative {
    private static final int O_WRONLY = 1;
    private static boolean started;

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private QuietNative() {}

    /** Runs the engine's first operation with native stderr muted (on Linux and macOS; elsewhere it just runs it). */
    public static synchronized void startEngine() {
        if (started) {
            return;
        }
        started = true;
        if (!Platform.isLinux() && !Platform.isMac()) {
            firstOperation();
            return;
        }
        LibC c = Native.load("c", LibC.class);
        System.err.flush();
        int saved = c.dup(2);
        int nul = c.open("/dev/null", O_WRONLY);
        if (saved < 0 || nul < 0) {
            firstOperation();
            return;
        }
        try {
            c.dup2(nul, 2);
            firstOperation();
        } finally {
            c.dup2(saved, 2);
            c.close(saved);
            c.close(nul);
        }
    }

    private static void firstOperation() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.zeros(new Shape(2)).set(new float[] {1, 2});
        }
    }
}
