package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
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

    /** Scores (K·B) of the candidates' images; {@code candidates} is (K·B, C, H, W). */
    static double[] score(NDArray candidates, NoiseBatch batch, DiffusionModel model, int steps, double cfg, Scorer scorer) {
        int b = batch.size();
        int k = (int) (candidates.getShape().get(0) / b);
        PromptEmbedding cond = repeat(batch.cond(), k);
        PromptEmbedding uncond = repeat(batch.uncond(), k);
        NDArray x0 = new CfgSampler(model.denoiser()).sample(candidates, DdimScheduler.standard(model.schedule(), steps), cond, uncond, cfg);
        List<String> prompts = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            prompts.addAll(batch.prompts());
        }
        return scorer.score(ImageBatches.unstack(model.decoder().decode(x0)), prompts);
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
