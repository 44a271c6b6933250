package dev.goldennoise.serve;

/**
 * What the database keeps of one served image: enough to make it again and to learn from it.
 *
 * @param assigned whether the experiment chose the arm (false when the request named its noise)
 * @param noise the noise strategy's spec, e.g. {@code npnet} or {@code standard}
 * @param npnetDigest SHA-256 of the golden strategy's weights, null when it reads none
 * @param shape the latent shape C, H, W of the noises
 * @param initialNoise x_T from the seed; {@code startNoise} is the x_T' sampling started from (x_T on the control arm)
 * @param scores JSON object of scorer name to score
 * @param timings JSON object of timing name to milliseconds
 */
public record ImageRecord(String id, long createdMillis, String prompt, long seed, int steps, double cfg, Arm arm,
                          boolean assigned, String noise, String model, String modelDigest, String npnetDigest,
                          int[] shape, float[] initialNoise, float[] startNoise, String scores, String timings) {}
