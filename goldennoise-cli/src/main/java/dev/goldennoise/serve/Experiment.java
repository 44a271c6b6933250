package dev.goldennoise.serve;

import dev.goldennoise.io.FileDigest;
import dev.goldennoise.tensor.Seeds;

import java.nio.charset.StandardCharsets;

/**
 * The random choices of the live experiment, each a seeded hash of the request id, so that a request's arm, seed
 * and image order can be worked out again from its id and the experiment seed: no hidden generator state, and the
 * same after a restart.
 */
public final class Experiment {
    /** Seeds stay below 2^53 so that they survive JSON readers that hold numbers as doubles (JavaScript). */
    public static final long MAX_SEED = (1L << 53) - 1;
    private static final int ARM = 1;
    private static final int SEED = 2;
    private static final int ORDER = 3;

    private final long seed;
    private final double control;

    /** @param control the probability of the control arm, from 0 to 1 */
    public Experiment(long seed, double control) {
        if (!(control >= 0 && control <= 1)) {
            throw new IllegalArgumentException("--control must be from 0 to 1, got " + control);
        }
        this.seed = seed;
        this.control = control;
    }

    public double control() {
        return control;
    }

    public Arm arm(String id) {
        return uniform(id, ARM) < control ? Arm.CONTROL : Arm.GOLDEN;
    }

    /** The seed of a request that gave none. */
    public long seed(String id) {
        return draw(id, SEED) & MAX_SEED;
    }

    /** Whether a comparison shows the golden image first. */
    public boolean goldenFirst(String id) {
        return uniform(id, ORDER) < 0.5;
    }

    /** A uniform number in [0, 1) from the top 53 bits of the draw. */
    private double uniform(String id, int stream) {
        return (draw(id, stream) >>> 11) * 0x1.0p-53;
    }

    private long draw(String id, int stream) {
        return Seeds.mix(seed ^ idHash(id), stream);
    }

    /** The first 8 bytes of the id's SHA-256: every character of the id counts, unlike String.hashCode's 32 bits. */
    private static long idHash(String id) {
        byte[] d = FileDigest.digest().digest(id.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }
}
