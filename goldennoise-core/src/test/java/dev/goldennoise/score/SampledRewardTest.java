package dev.goldennoise.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampledRewardTest {
    private static final List<String> PROMPTS = List.of("a red circle", "two blue squares");

    @Test
    void aLookaheadScoresTheCleanLatentPredictedAfterItsStepsOfTheLongSchedule() {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            PromptEmbedding cond = model.textEncoder().encode(PROMPTS, root);
            PromptEmbedding uncond = model.textEncoder().encode(List.of("", ""), root);
            NDArray xT = Seeds.noise(root, List.of(5L, 6L), model.latentShape());
            SampledReward whole = new SampledReward(model, scorer, 3, 3.0);
            NDArray texts = whole.prompts(PROMPTS, root);
            assertArrayEquals(whole.reward(xT, cond, uncond, texts).toFloatArray(),
                    new SampledReward(model, scorer, 3, 3.0, 3).reward(xT, cond, uncond, texts).toFloatArray(), 1e-5f);

            // a 2-step lookahead into a 6-step schedule is the 6-step sampler's first two timesteps, then its x_0 prediction
            NDArray latent = new CfgSampler(model.denoiser()).sample(xT, model.ddim(6).firstSteps(2), cond, uncond, 3.0);
            NDArray expected = scorer.embedImages(model.decoder().decode(latent)).mul(texts).sum(new int[] {1}).mul(100);
            assertArrayEquals(expected.toFloatArray(),
                    new SampledReward(model, scorer, 6, 3.0, 2).reward(xT, cond, uncond, texts).toFloatArray(), 1e-4f);

            assertThrows(IllegalArgumentException.class, () -> new SampledReward(model, scorer, 3, 3.0, 0));
            assertThrows(IllegalArgumentException.class, () -> new SampledReward(model, scorer, 3, 3.0, 4));
        }
    }
}
