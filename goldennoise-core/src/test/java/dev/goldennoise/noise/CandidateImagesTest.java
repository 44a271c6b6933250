package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.ChannelSumScorer;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class CandidateImagesTest {
    /** Sampling candidates in chunks (to bound memory) must not change which score belongs to which candidate. */
    @Test
    void chunkedScoresEqualScoresInOnePiece() {
        List<String> prompts = List.of("a red circle", "two blue squares");
        List<Long> seeds = List.of(3L, 4L);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            DiffusionModel model = built.asDiffusionModel();
            NoiseBatch batch = new NoiseBatch(prompts, seeds, model.textEncoder().encode(prompts, root),
                    model.textEncoder().encode(List.of("", ""), root));
            List<Long> all = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                for (long s : seeds) {
                    all.add(s * 100 + k);
                }
            }
            NDArray candidates = Seeds.noise(root, all, model.latentShape());
            ChannelSumScorer red = new ChannelSumScorer(0);
            double[] whole = CandidateImages.score(candidates, batch, model, 2, 3.0, SamplerSpec.DDIM, red, 1000);
            double[] chunked = CandidateImages.score(candidates, batch, model, 2, 3.0, SamplerSpec.DDIM, red, 4); // 2 candidates per chunk, 3 chunks
            double[] single = CandidateImages.score(candidates, batch, model, 2, 3.0, SamplerSpec.DDIM, red, 1); // below one candidate: still whole ones
            assertArrayEquals(whole, chunked, 1e-4);
            assertArrayEquals(whole, single, 1e-4);
        }
    }
}
