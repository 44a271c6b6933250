package dev.goldennoise.serve;

import dev.goldennoise.world.RgbImage;

import java.util.Map;

/**
 * An image as the batch worker made it: the noises it came from (x_T and the x_T' sampling started from, each
 * C·H·W), its score by every scorer, and what its batch cost.
 */
public record GeneratedImage(RgbImage image, float[] initialNoise, float[] startNoise, Map<String, Double> scores,
                             int batchSize, long sampleMillis, long scoreMillis) {}
