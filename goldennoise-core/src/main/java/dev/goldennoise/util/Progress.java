package dev.goldennoise.util;

import java.util.Objects;

/**
 * The progress sink that long library jobs (training, evaluation) report to. It is process-wide rather than passed
 * through every constructor because progress is the application's concern, not the computation's: the command line
 * installs terminal bars once at start, and a library user gets silence unless they install their own sink.
 */
public final class Progress {
    private static volatile ProgressSink sink = ProgressSink.SILENT;

    private Progress() {}

    /** Makes {@code newSink} receive every task started from now on. */
    public static void install(ProgressSink newSink) {
        sink = Objects.requireNonNull(newSink, "sink");
    }

    /** The sink installed now. */
    public static ProgressSink sink() {
        return sink;
    }

    /** Starts a task already advanced to {@code done}, for resumed work. */
    public static ProgressTask task(String task, long total, long done) {
        return sink.start(task, total, done);
    }
}
