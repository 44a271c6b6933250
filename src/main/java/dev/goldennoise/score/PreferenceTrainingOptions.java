package dev.goldennoise.score;

import java.nio.file.Path;

/**
 * One {@code train-scorer} run. {@code lr} is the text tower's peak learning rate and {@code imageLr} the image
 * tower's (an attention tower wants a lower one). {@code dataSeed} separates the judge's training renders from the preference
 * scorer's, and both from the held-out renders (see {@link PreferenceEvaluation}). {@code validateEvery} steps (0:
 * never) the run prints its accuracy on validation renders; the card reports {@code heldOutRenders} held-out ones.
 */
public record PreferenceTrainingOptions(String kind, PreferenceModelConfig config, Path workDir, Path outDir, int steps,
                                        int batch, int negatives, double lr, double imageLr, long seed, long dataSeed, int checkpointEvery,
                                        int validateEvery, int heldOutRenders) {}
