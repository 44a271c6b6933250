package dev.goldennoise.score;

import dev.goldennoise.world.RgbImage;

import java.util.List;

/** Scores a batch of (image, prompt) pairs. */
public interface Scorer {
    /** Short name used in reports and results.json, e.g. {@code checker}. */
    String name();

    /** The range and meaning of a score, for reports. */
    String scale();

    boolean higherIsBetter();

    double[] score(List<RgbImage> images, List<String> prompts);
}
