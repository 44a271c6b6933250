package dev.goldennoise.npd;

import java.util.Objects;

/**
 * One sample of the Noise Prompt Dataset: the random noise x_T a seed gave ({@code source}), the golden noise x'_T
 * re-denoising made of it ({@code golden}), both flattened C·H·W in C order, and the preference scores of the images
 * each gave for {@code caption}. {@code index} is the prompt's position in the collection, as in the official JSONL.
 */
public record NoisePair(long index, long seed, String caption, float[] source, float[] golden,
                        double originalScore, double optimizedScore) {
    public NoisePair {
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(golden, "golden");
        if (source.length != golden.length) {
            throw new IllegalArgumentException("pair " + index + ": source has " + source.length
                    + " values but golden has " + golden.length);
        }
    }

    /** How much re-denoising raised the score; the data filter keeps pairs whose margin is large enough. */
    public double margin() {
        return optimizedScore - originalScore;
    }
}
