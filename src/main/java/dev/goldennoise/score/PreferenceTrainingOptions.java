package dev.goldennoise.score;

import java.nio.file.Path;
import java.util.Map;

/**
 * One {@code train-scorer} run. {@code lr} is the text tower's peak learning rate and {@code imageLr} the image
 * tower's (an attention tower wants a lower one). {@code dataSeed} separates the judge's training renders from the preference
 * scorer's, and both from the held-out renders (see {@link PreferenceEvaluation}). {@code validateEvery} steps (0:
 * never) the run prints its accuracy on validation renders; the card reports {@code heldOutRenders} held-out ones.
 * {@code kindWeights} says how much more often a kind of hard negative is drawn than a colour or shape change;
 * {@code init} (null: none) is a scorer of the same configuration to start from.
 */
public record PreferenceTrainingOptions(String kind, PreferenceModelConfig config, Path workDir, Path outDir, int steps,
                                        int batch, int negatives, double lr, double imageLr, long seed, long dataSeed, int checkpointEvery,
                                        int validateEvery, int heldOutRenders, Map<String, Integer> kindWeights, Path init) {
    /**
     * By default, how much more often a kind of negative is drawn than a colour or shape change: the relational and counting
     * kinds are the ones a dual encoder learns last (a reversed relation was ranked at chance after 1,200 steps).
     */
    public static final Map<String, Integer> DEFAULT_KIND_WEIGHTS = Map.of(HardNegatives.RELATION, 3, HardNegatives.SWAP, 3,
            HardNegatives.COUNT, 2);

    public PreferenceTrainingOptions {
        kindWeights = Map.copyOf(kindWeights);
    }
}
