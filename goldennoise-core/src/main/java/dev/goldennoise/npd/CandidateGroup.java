package dev.goldennoise.npd;

import dev.goldennoise.noise.BestOfNoise;
import dev.goldennoise.tensor.Finite;

/**
 * One (prompt, seed) of a ranking collection and the preference score of each of its candidate noises' images.
 * Candidate 0 is x_T, the noise of {@code seed}; candidate k ≥ 1 is the noise of {@link #candidateSeed}, the very
 * candidates best-of-N draws, so that a ranker trained on these groups ranks what best-of-N would sample. The noises
 * are not stored: each is made again from its seed.
 */
public record CandidateGroup(long index, long seed, String prompt, double[] scores) {
    public CandidateGroup {
        if (scores.length < 2) {
            throw new IllegalArgumentException("a candidate group needs at least 2 candidates, got " + scores.length);
        }
        for (double s : scores) {
            Finite.require(s, "candidate score of group " + index);
        }
        scores = scores.clone();
    }

    public int size() {
        return scores.length;
    }

    /** The seed of candidate k's noise: the item's own seed for k = 0, best-of-N's candidate seed after that. */
    public static long candidateSeed(long seed, int k) {
        return k == 0 ? seed : BestOfNoise.candidateSeed(seed, k);
    }

    public long candidateSeed(int k) {
        return candidateSeed(seed, k);
    }

    /** The candidate the preference scorer liked best (the first of equals). */
    public int best() {
        int b = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[b]) {
                b = k;
            }
        }
        return b;
    }
}
