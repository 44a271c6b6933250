package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.Sampler;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.score.Scorer;

import java.util.ArrayList;
import java.util.List;

/**
 * What search-style strategies share: sample K candidate noises per item of a batch with the standard sampler, decode
 * them, and score each image against its item's prompt. Candidates are laid out candidate-major: candidate k of item i
 * sits at row k·B + i.
 */
final class CandidateImages {
    private CandidateImages() {}

    /**
     * Candidates sampled at once, at most: the sampler's batch is twice this under guidance, and every candidate's
     * latents, image and activations are held together (best-of-16 on a batch of 64 in one piece ran a 24 GB machine
     * out of memory).
     */
    static final int MAX_ROWS = 256;

    /** Scores (K·B) of the candidates' images; {@code candidates} is (K·B, C, H, W). */
    static double[] score(NDArray candidates, NoiseBatch batch, DiffusionModel model, int steps, double cfg, Scorer scorer) {
        return score(candidates, batch, model, steps, cfg, SamplerSpec.DDIM, scorer, MAX_ROWS);
    }

    /** As above, through {@code sampler}. */
    static double[] score(NDArray candidates, NoiseBatch batch, DiffusionModel model, int steps, double cfg, SamplerSpec sampler,
                          Scorer scorer) {
        return score(candidates, batch, model, steps, cfg, sampler, scorer, MAX_ROWS);
    }

    /** As above, sampling at most {@code maxRows} candidates at once (whole candidates: at least one per chunk). */
    static double[] score(NDArray candidates, NoiseBatch batch, DiffusionModel model, int steps, double cfg, SamplerSpec sampler,
                          Scorer scorer, int maxRows) {
        return score(candidates, batch, model, sampler.create(model, steps), cfg, scorer, maxRows);
    }

    private static double[] score(NDArray candidates, NoiseBatch batch, DiffusionModel model, Sampler sampling, double cfg,
                                  Scorer scorer, int maxRows) {
        int b = batch.size();
        int k = (int) (candidates.getShape().get(0) / b);
        double[] out = new double[k * b];
        // whole candidates per chunk (each chunk is j·B rows), so the prompts line up row by row
        int perChunk = Math.max(1, maxRows / b);
        for (int first = 0; first < k; first += perChunk) {
            int count = Math.min(perChunk, k - first);
            try (NDManager chunk = candidates.getManager().newSubManager()) {
                NDArray rows = candidates.get((long) first * b + ":" + (long) (first + count) * b);
                rows.attach(chunk);
                PromptEmbedding cond = repeat(batch.cond(), count);
                PromptEmbedding uncond = repeat(batch.uncond(), count);
                NDArray x0 = sampling.sample(rows, cond, uncond, cfg);
                List<String> prompts = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    prompts.addAll(batch.prompts());
                }
                double[] part = scorer.score(ImageBatches.unstack(model.decoder().decode(x0)), prompts);
                System.arraycopy(part, 0, out, first * b, part.length);
            }
        }
        return out;
    }

    /**
     * Scores (K·B) of the images decoded from {@code lookahead}'s prediction for each candidate (a truncated DDIM schedule,
     * {@link DdimScheduler#firstSteps}), {@link #MAX_ROWS} candidates at a time.
     */
    static double[] scoreLookahead(NDArray candidates, NoiseBatch batch, DiffusionModel model, DdimScheduler lookahead, double cfg,
                                 Scorer scorer) {
        return score(candidates, batch, model, Sampler.ddim(model, lookahead), cfg, scorer, MAX_ROWS);
    }

    /** Denoiser calls to sample one candidate. */
    static int callsPerCandidate(int steps, double cfg) {
        return steps * (cfg == 1.0 ? 1 : 2);
    }

    private static PromptEmbedding repeat(PromptEmbedding e, int times) {
        PromptEmbedding out = e;
        for (int k = 1; k < times; k++) {
            out = out.concat(e);
        }
        return out;
    }
}
