package dev.goldennoise.serve;

/**
 * What the database keeps of one comparison: both arms sampled from the same x_T, and the order they were shown in.
 *
 * @param goldenFirst whether the golden image was the first of the two shown
 * @param goldenNoise the golden strategy's spec
 * @param goldenStart the golden noise x_T' (C·H·W); the control image started from {@code initialNoise} itself
 */
public record ComparisonRecord(String id, long createdMillis, String prompt, long seed, int steps, double cfg,
                               boolean goldenFirst, String goldenNoise, String model, String modelDigest,
                               String npnetDigest, int[] shape, float[] initialNoise, float[] goldenStart,
                               String goldenScores, String controlScores, String timings) {}
