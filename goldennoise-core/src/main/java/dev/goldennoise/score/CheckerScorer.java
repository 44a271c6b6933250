package dev.goldennoise.score;

import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;

import java.util.List;

/** The exact checker as a scorer: either its verdict (1 = the image satisfies the prompt) or its partial score. */
public final class CheckerScorer implements Scorer {
    private final boolean partial;

    private CheckerScorer(boolean partial) {
        this.partial = partial;
    }

    public static CheckerScorer correct() {
        return new CheckerScorer(false);
    }

    public static CheckerScorer partial() {
        return new CheckerScorer(true);
    }

    @Override
    public String name() {
        return partial ? "checker-partial" : "checker";
    }

    @Override
    public String scale() {
        return partial ? "fraction of the prompt's constraints met, 0..1" : "1 if the image satisfies the prompt, else 0";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double[] score(List<RgbImage> images, List<String> prompts) {
        double[] out = new double[images.size()];
        for (int i = 0; i < out.length; i++) {
            var r = Checker.check(images.get(i), PromptParser.parse(prompts.get(i)));
            out[i] = partial ? r.partial() : (r.correct() ? 1 : 0);
        }
        return out;
    }
}
