package dev.goldennoise.score;

import java.nio.file.Path;

/**
 * One {@code train-scorer} run. {@code dataSeed} separates the judge's training renders from the preference
 * scorer's, and both from the held-out renders (see {@link PreferenceEvaluation}).
 */
public record PreferenceTrainingOptions(String kind, PreferenceModelConfig config, Path workDir, Path outDir, int steps,
                                        int batch, int negatives, double lr, long seed, long dataSeed, int checkpointEvery) {}
