package dev.goldennoise.tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the garbage collector and refills freed native memory with 0x7f bytes: memory a tensor still points into after
 * its Java direct buffer was collected then holds garbage instead of, by luck, its old values.
 */
public final class GcPressure {
    private final List<ByteBuffer> held = new ArrayList<>();

    /** One round in the calling thread: collect, give the cleaner a moment, and refill small freed blocks. */
    public void round() throws InterruptedException {
        System.gc();
        Thread.sleep(5);
        for (int i = 0; i < 200; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 16));
            for (int j = 0; j < b.capacity(); j++) {
                b.put(j, (byte) 0x7f);
            }
            held.add(b);
        }
    }

    /** Rounds without end in a daemon thread until the returned handle is closed. */
    public static AutoCloseable inBackground() {
        GcPressure p = new GcPressure();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    p.round();
                    if (p.held.size() > 20_000) {
                        p.held.clear();
                    }
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "gc-pressure");
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join();
        };
    }
}
