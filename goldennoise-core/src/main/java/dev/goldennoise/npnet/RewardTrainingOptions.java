package dev.goldennoise.npnet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How {@code train-npnet --objective reward} trains: steps of {@code batch} fresh (prompt, x_T) draws, the loss
 * ½·w·mean(Δ²) − r, r the preference score of the image a {@code samplerSteps}-step sampler with guidance {@code cfg}
 * makes from x_T + Δ, or of the clean latent it predicts after its first {@code lookaheadSteps} steps.
 *
 * @param prompts the prompts x_T are drawn for (the NPD pool by default: never the evaluation prompts)
 * @param weight  w, how much a large Δ costs against the reward (in score points per unit of mean Δ²)
 * @param validationDraws fixed (prompt, x_T) draws the reward is measured on, with the net and without
 * @param data    a description of the prompts and model, copied into the card
 * @param init    weights to start from (for example an MSE student, so the reward refines what it learned), or
 *                null to start from the seed's initialisation, which is the identity
 * @param denoiserLrScale the denoiser branch's UNet learns at {@code lr} times this (its output layer at {@code lr})
 * @param keepBest write the validated weights with the highest validation reward instead of the last ones
 * @param holdOutPrompts the share of the prompts, drawn by the seed, that only the validation uses (0: it draws from
 *                the training prompts): on held-out draws of training prompts a net that learned one move per
 *                prompt looks better than it is on prompts it never saw
 */
public record RewardTrainingOptions(NpnetConfig config, List<String> prompts, int steps, int batch, double lr, double weight,
                                    int samplerSteps, int lookaheadSteps, double cfg, long seed, int validateEvery, int validationDraws, Path work, Path weights,
                                    Map<String, Object> data, Path init, double denoiserLrScale, boolean keepBest, double holdOutPrompts) {
    public RewardTrainingOptions(NpnetConfig config, List<String> prompts, int steps, int batch, double lr, double weight,
                                 int samplerSteps, int lookaheadSteps, double cfg, long seed, int validateEvery, int validationDraws, Path work, Path weights,
                                 Map<String, Object> data, Path init) {
        this(config, prompts, steps, batch, lr, weight, samplerSteps, lookaheadSteps, cfg, seed, validateEvery, validationDraws, work, weights,
                data, init, 1.0, false, 0.0);
    }

    public RewardTrainingOptions {
        if (steps < 1 || batch < 1 || samplerSteps < 1 || validationDraws < 1) {
            throw new IllegalArgumentException("--steps, --batch, --sampler-steps and the validation draws must be at least 1");
        }
        if (lookaheadSteps < 1 || lookaheadSteps > samplerSteps) {
            throw new IllegalArgumentException("--lookahead-steps must be from 1 to --sampler-steps (" + samplerSteps + "), got " + lookaheadSteps);
        }
        if (!(lr > 0) || !(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("--lr must be positive and --weight a finite number ≥ 0");
        }
        if (!(denoiserLrScale > 0) || Double.isInfinite(denoiserLrScale)) {
            throw new IllegalArgumentException("--denoiser-lr-scale must be a positive finite number, got " + denoiserLrScale);
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("reward training needs at least one prompt");
        }
        checkHoldOut(prompts.size(), holdOutPrompts);
        prompts = List.copyOf(prompts);
    }

    /** Refuses a share of {@code n} prompts that is not in [0, 1) or leaves no prompt for validation or for training. */
    public static void checkHoldOut(int n, double share) {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("--hold-out-prompts must be a share from 0 to below 1, got " + share);
        }
        int held = heldOutCount(n, share);
        if (share > 0 && (held < 1 || held >= n)) {
            throw new IllegalArgumentException("--hold-out-prompts " + share + " of " + n
                    + " prompts leaves no prompt for validation or none for training; use more prompts or another share");
        }
    }

    /** How many of {@code n} prompts a share holds out for validation. */
    static int heldOutCount(int n, double share) {
        return (int) Math.round(n * share);
    }
}
