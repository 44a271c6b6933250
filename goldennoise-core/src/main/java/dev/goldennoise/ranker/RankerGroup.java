package dev.goldennoise.ranker;

/**
 * What a ranker trains on: N candidate noises of one prompt (N·C·H·W values, candidate-major), the prompt's token
 * embeddings (T·D values), and the preference score of each candidate's image.
 */
public record RankerGroup(float[] noises, float[] text, double[] scores) {
    public int size() {
        return scores.length;
    }
}
