package dev.goldennoise.score;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.world.RgbImage;

import java.util.List;

/** A trained {@link PreferenceModel} as a {@link Scorer}, scoring in batches. */
public final class PreferenceScorer implements Scorer {
    private static final int BATCH = 128;

    private final String name;
    private final PreferenceModel model;
    private final NDManager manager;

    public PreferenceScorer(String name, PreferenceModel model, NDManager manager) {
        this.name = name;
        this.model = model;
        this.manager = manager;
    }

    /** The networks, for what needs more than scores (gradients of the score, embeddings). */
    public PreferenceModel model() {
        return model;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scale() {
        return model.config().scoreScale() + " (a scorer trained on the shapes world)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double[] score(List<RgbImage> images, List<String> prompts) {
        double[] out = new double[images.size()];
        for (int start = 0; start < images.size(); start += BATCH) {
            int end = Math.min(images.size(), start + BATCH);
            double[] part = model.score(images.subList(start, end), prompts.subList(start, end), manager);
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }
}
