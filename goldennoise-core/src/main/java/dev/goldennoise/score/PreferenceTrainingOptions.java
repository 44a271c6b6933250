package dev.goldennoise.score;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One {@code train-scorer} run. {@code lr} is the text tower's peak learning rate and {@code imageLr} the image
 * tower's (an attention tower wants a lower one). {@code dataSeed} separates the judge's training renders from the preference
 * scorer's, and both from the held-out renders (see {@link PreferenceEvaluation}). {@code validateEvery} steps (0:
 * never) the run prints its accuracy on validation renders; the card reports {@code heldOutRenders} held-out ones.
 * {@code kindWeights} says how much more often a kind of hard negative is drawn than a colour or shape change;
 * {@code init} (null: none) is a scorer of the same towers to start from, and {@code initTowers} which of its towers,
 * {@code image} and {@code text}, it gives (a tower it does not give starts from its seeded initialisation). The first
 * {@code positionFirst} steps draw position prompts only, a curriculum for the order of a relation.
 */
public record PreferenceTrainingOptions(String kind, PreferenceModelConfig config, Path workDir, Path outDir, int steps,
                                        int batch, int negatives, double lr, double imageLr, long seed, long dataSeed, int checkpointEvery,
                                        int validateEvery, int heldOutRenders, Map<String, Integer> kindWeights, Path init,
                                        Set<String> initTowers, int positionFirst) {
    public static final Set<String> TOWERS = Set.of("image", "text");
    /**
     * By default, how much more often a kind of negative is drawn than a colour or shape change: the relational and counting
     * kinds are the ones a dual encoder learns last (a reversed relation was ranked at chance after 1,200 steps).
     */
    public static final Map<String, Integer> DEFAULT_KIND_WEIGHTS = Map.of(HardNegatives.RELATION, 3, HardNegatives.SWAP, 3,
            HardNegatives.COUNT, 2);

    public PreferenceTrainingOptions {
        kindWeights = Map.copyOf(kindWeights);
        initTowers = Set.copyOf(initTowers);
        if (positionFirst < 0 || positionFirst > steps) {
            throw new IllegalArgumentException("the position-only steps are 0 to the run's " + steps + " steps, got " + positionFirst);
        }
        if (!TOWERS.containsAll(initTowers) || (init != null && initTowers.isEmpty())) {
            throw new IllegalArgumentException("the towers to start from are image, text or both, got " + initTowers);
        }
    }
}
