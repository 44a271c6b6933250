package dev.goldennoise.cli;

import java.util.Arrays;

/** The timing of the bench commands: untimed warm-up runs, then the median of the timed ones. */
final class MedianTime {
    private MedianTime() {}

    static void checkRuns(int repeats, int warmup) {
        if (repeats < 1 || repeats > 10_000 || warmup < 0 || warmup > 10_000) {
            throw new UserError("--repeats must be from 1 to 10000 and --warmup from 0 to 10000");
        }
    }

    /** Milliseconds, the median of {@code repeats} runs of {@code work} after {@code warmup} untimed ones. */
    static double millis(Runnable work, int warmup, int repeats) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        long[] times = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            times[i] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        return times[repeats / 2] / 1e6;
    }
}
