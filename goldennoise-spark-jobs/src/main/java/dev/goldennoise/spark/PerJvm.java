package dev.goldennoise.spark;

import dev.goldennoise.util.QuietNative;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an executor JVM loads once and keeps for every task of the job: models, scorers and strategies cost seconds
 * (an export's, minutes) to load, and a task is one shard or one batch of items. Keyed by what decides the contents
 * (the job's kind and arguments), so two jobs in one JVM (tests, a notebook) never share a worker they should not.
 */
final class PerJvm {
    interface Loader<T> {
        T load() throws Exception;
    }

    private static final Map<List<String>, Object> HELD = new HashMap<>();

    private PerJvm() {}

    /** The worker for {@code key}, loaded on first use; tasks that ask at once wait for the one loading. */
    @SuppressWarnings("unchecked")
    static synchronized <T> T get(List<String> key, Loader<T> loader) throws Exception {
        Object held = HELD.get(key);
        if (held == null) {
            QuietNative.startEngine();
            held = loader.load();
            HELD.put(List.copyOf(key), held);
        }
        return (T) held;
    }
}
