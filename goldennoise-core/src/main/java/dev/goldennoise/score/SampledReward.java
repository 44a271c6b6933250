package dev.goldennoise.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.tensor.Scalars;

import java.util.List;

/**
 * The preference score of the image a noise turns into, as a function of the noise that gradients flow through: a
 * few-step DDIM sampler with classifier-free guidance, the decoder and the scorer's towers, all built from the
 * model's own ops. Few steps because every step is kept for the backward pass; the layout an initial noise sets up
 * is decided in the first steps, so a short sampler's image ranks noises much as the full one does.
 *
 * <p>Only models whose networks run on the training engine (the built-in one) can be differentiated; an ONNX export
 * runs outside it and is refused by {@link #requireDifferentiable}.
 */
public final class SampledReward {
    private final DiffusionModel model;
    private final PreferenceModel scorer;
    private final int steps;
    private final double cfg;
    private final int lookahead;

    public SampledReward(DiffusionModel model, PreferenceModel scorer, int steps, double cfg) {
        this(model, scorer, steps, cfg, steps);
    }

    /**
     * @param lookahead how many of the {@code steps}-step schedule's steps are run before the image is taken as the clean
     *                latent predicted there ({@link DdimScheduler#firstSteps}); {@code steps} runs them all. A lookahead into
     *                a long schedule follows the real sampler's early trajectory, where a short sampler of its own
     *                takes other timesteps, and costs only its own steps in the backward pass.
     */
    public SampledReward(DiffusionModel model, PreferenceModel scorer, int steps, double cfg, int lookahead) {
        if (steps < 1) {
            throw new IllegalArgumentException("the reward's sampler needs at least one step, got " + steps);
        }
        if (lookahead < 1 || lookahead > steps) {
            throw new IllegalArgumentException("the reward's lookahead runs 1 to " + steps + " steps, got " + lookahead);
        }
        if (scorer.hasMatchHead()) {
            throw new IllegalArgumentException("the reward differentiates a cosine scorer's embeddings; this scorer scores with a matching head");
        }
        this.model = model;
        this.scorer = scorer;
        this.steps = steps;
        this.cfg = cfg;
        this.lookahead = lookahead;
    }

    public int steps() {
        return steps;
    }

    /** Unit-norm prompt embeddings (B, E) to score against, computed once per batch and never differentiated. */
    public NDArray prompts(List<String> prompts, NDManager m) {
        return scorer.embedTexts(prompts, m).stopGradient();
    }

    /**
     * Rewards (B) in the scorer's units (100 · cosine) of noises x (B, C, H, W), differentiable with respect to x and
     * anything x was computed from.
     */
    public NDArray reward(NDArray x, PromptEmbedding cond, PromptEmbedding uncond, NDArray promptEmbeddings) {
        DdimScheduler ddim = model.ddim(steps).firstSteps(lookahead);
        CfgSampler sampler = new CfgSampler(model.denoiser());
        int[] ts = ddim.timesteps();
        NDArray z = x;
        for (int i = 0; i < ts.length; i++) {
            NDArray eps = sampler.guidedNoise(z, ts[i], cond, uncond, cfg);
            z = ddim.step(z, eps, ts[i], i + 1 < ts.length ? ts[i + 1] : -1);
        }
        NDArray image = scorer.embedImages(model.decoder().decode(z));
        return Scalars.times(image.mul(promptEmbeddings).sum(new int[] {1}), 100);
    }

    /** Refuses models whose networks gradients cannot flow through, naming what to use instead. */
    public static void requireDifferentiable(DiffusionModel model, String what) {
        if (!model.differentiable()) {
            throw new IllegalArgumentException(what + " needs gradients through the model, which only the built-in model"
                    + " gives; for " + model.name() + " use search or best-of-N, which only sample");
        }
    }
}
