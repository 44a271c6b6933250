package dev.goldennoise.util;

/** Where long jobs report progress: the command line draws bars, a library user may log or ignore it. */
@FunctionalInterface
public interface ProgressSink {
    /** Progress of nothing: the library's default, so that it never writes to the terminal of an application. */
    ProgressSink SILENT = (task, total, done) -> new ProgressTask() {
        @Override
        public void stepBy(long n) {}

        @Override
        public void stepTo(long count) {}

        @Override
        public void message(String message) {}

        @Override
        public void close() {}
    };

    /** Starts a task of {@code total} units of which {@code done} are already done (a resumed job). */
    ProgressTask start(String task, long total, long done);
}
