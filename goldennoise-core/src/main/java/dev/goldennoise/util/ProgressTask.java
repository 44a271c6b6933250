package dev.goldennoise.util;

/** One long job's progress: a count towards a known total and a short status message. */
public interface ProgressTask extends AutoCloseable {
    /** Advances by one unit. */
    default void step() {
        stepBy(1);
    }

    /** Advances by {@code n} units. */
    void stepBy(long n);

    /** Sets the count of units done. */
    void stepTo(long done);

    /** Replaces the status message (for example the running loss). */
    void message(String message);

    /** Ends the task; no exception, so that it closes quietly in try-with-resources. */
    @Override
    void close();
}
