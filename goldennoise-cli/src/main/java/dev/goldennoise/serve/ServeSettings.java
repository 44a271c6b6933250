package dev.goldennoise.serve;

import dev.goldennoise.tensor.Finite;

/**
 * How the service runs: where it listens and who may call it, how requests are batched, the limits a request must
 * keep, and the live experiment with its drift alarm.
 *
 * @param token the bearer token every route but {@code /healthz} requires, or null for none
 * @param windowMillis how long the first request of a batch waits for others
 * @param maxBatch the most images in one denoiser batch
 * @param maxQueue the most requests waiting; more are answered 503
 * @param maxBodyBytes the largest request body; larger ones are answered 413
 * @param requestTimeoutMillis how long a request may wait for its images before it is answered 503
 * @param drainMillis how long a shutdown waits for requests in flight
 * @param statsWindow how many recent images per arm (and votes) the rolling win rates look at
 * @param alertBelow the drift alarm goes on when a rolling win rate falls below this
 * @param alertMinSample ... over at least this many control images (or votes)
 */
public record ServeSettings(String host, int port, String token, int defaultSteps, double defaultCfg, int maxSteps,
                            double maxCfg, int maxPromptChars, long windowMillis, int maxBatch, int maxQueue,
                            long maxBodyBytes, long requestTimeoutMillis, long drainMillis, double control,
                            long experimentSeed, int statsWindow, double alertBelow, int alertMinSample) {
    public static final String LOOPBACK = "127.0.0.1";

    public ServeSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("--token must not be blank");
        }
        if (defaultSteps < 1 || maxSteps < defaultSteps) {
            throw new IllegalArgumentException("--steps must be from 1 to --max-steps (" + maxSteps + "), got " + defaultSteps);
        }
        Finite.require(defaultCfg, "--cfg");
        Finite.require(maxCfg, "--max-cfg");
        if (defaultCfg < 0 || defaultCfg > maxCfg) {
            throw new IllegalArgumentException("--cfg must be from 0 to --max-cfg (" + maxCfg + "), got " + defaultCfg);
        }
        if (windowMillis < 0 || maxBatch < 1 || maxQueue < 1) {
            throw new IllegalArgumentException("--batch-window must be 0 or more, --max-batch and --max-queue at least 1");
        }
        if (maxBodyBytes < 256 || maxPromptChars < 1) {
            throw new IllegalArgumentException("--max-body must be at least 256 bytes");
        }
        if (!(control >= 0 && control <= 1)) {
            throw new IllegalArgumentException("--control must be from 0 to 1, got " + control);
        }
        if (statsWindow < 1 || alertMinSample < 1 || alertMinSample > statsWindow) {
            throw new IllegalArgumentException("--alert-min-sample must be from 1 to --stats-window (" + statsWindow + ")");
        }
        if (!(alertBelow >= 0 && alertBelow <= 1)) {
            throw new IllegalArgumentException("--alert-below must be from 0 to 1, got " + alertBelow);
        }
    }

    /** Loopback on {@code port}, no token, and the defaults of {@code goldennoise serve}. */
    public static ServeSettings defaults(int port) {
        return new ServeSettings(LOOPBACK, port, null, 20, 7.5, 100, 30, 500, 20, 64, 1024, 64 * 1024, 600_000,
                60_000, 0.1, 0, 200, 0.5, 50);
    }

    public ServeSettings withToken(String t) {
        return new ServeSettings(host, port, t, defaultSteps, defaultCfg, maxSteps, maxCfg, maxPromptChars, windowMillis,
                maxBatch, maxQueue, maxBodyBytes, requestTimeoutMillis, drainMillis, control, experimentSeed, statsWindow,
                alertBelow, alertMinSample);
    }

    public ServeSettings withSampling(int steps, double cfg) {
        return new ServeSettings(host, port, token, steps, cfg, maxSteps, maxCfg, maxPromptChars, windowMillis, maxBatch,
                maxQueue, maxBodyBytes, requestTimeoutMillis, drainMillis, control, experimentSeed, statsWindow,
                alertBelow, alertMinSample);
    }

    public ServeSettings withBatching(long window, int batch) {
        return new ServeSettings(host, port, token, defaultSteps, defaultCfg, maxSteps, maxCfg, maxPromptChars, window,
                batch, maxQueue, maxBodyBytes, requestTimeoutMillis, drainMillis, control, experimentSeed, statsWindow,
                alertBelow, alertMinSample);
    }

    public ServeSettings withExperiment(double controlShare, long seed) {
        return new ServeSettings(host, port, token, defaultSteps, defaultCfg, maxSteps, maxCfg, maxPromptChars, windowMillis,
                maxBatch, maxQueue, maxBodyBytes, requestTimeoutMillis, drainMillis, controlShare, seed, statsWindow,
                alertBelow, alertMinSample);
    }

    public ServeSettings withAlarm(int window, double below, int minSample) {
        return new ServeSettings(host, port, token, defaultSteps, defaultCfg, maxSteps, maxCfg, maxPromptChars, windowMillis,
                maxBatch, maxQueue, maxBodyBytes, requestTimeoutMillis, drainMillis, control, experimentSeed, window,
                below, minSample);
    }
}
