package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The search baseline every golden-noise paper compares against: sample N noises per (prompt, seed), make each
 * one's image with the standard sampler, and keep the noise whose image the scorer likes best. Candidate 0 is x_T
 * itself, so best-of-1 is standard sampling; the others come from seeds mixed from the item's seed and the
 * candidate number. It costs N full samplings more than standard (the chosen noise is sampled again by the caller).
 */
public final class BestOfNoise implements NoiseStrategy {
    public static final String PREFIX = "best-of-";

    private final int n;
    private final int steps;
    private final double cfg;
    private final Scorer scorer;

    public BestOfNoise(int n, int steps, double cfg, Scorer scorer) {
        if (n < 1) {
            throw new IllegalArgumentException("best-of-N needs N of at least 1, got " + n);
        }
        this.n = n;
        this.steps = steps;
        this.cfg = cfg;
        this.scorer = scorer;
    }

    @Override
    public String name() {
        return PREFIX + n;
    }

    /** The seed of candidate k ≥ 1 of an item, mixed so that nearby item seeds give unrelated candidates. */
    public static long candidateSeed(long seed, int k) {
        return Seeds.mix(seed, k);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        if (n == 1) {
            return xT;
        }
        NDManager outer = xT.getManager();
        int b = batch.size();
        try (NDManager scope = outer.newSubManager()) {
            List<Long> seeds = new ArrayList<>();
            for (int k = 1; k < n; k++) {
                for (long s : batch.seeds()) {
                    seeds.add(candidateSeed(s, k));
                }
            }
            NDArray others = Seeds.noise(scope, seeds, model.latentShape());
            xT.tempAttach(scope);
            NDArray all = xT.concat(others, 0); // candidate k of item i sits at k·B + i
            PromptEmbedding cond = repeat(batch.cond(), n);
            PromptEmbedding uncond = repeat(batch.uncond(), n);
            NDArray x0 = new CfgSampler(model.denoiser()).sample(all, DdimScheduler.standard(model.schedule(), steps), cond, uncond, cfg);
            List<RgbImage> images = ImageBatches.unstack(model.decoder().decode(x0));
            List<String> prompts = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                prompts.addAll(batch.prompts());
            }
            double[] scores = scorer.score(images, prompts);
            NDArray[] chosen = new NDArray[b];
            for (int i = 0; i < b; i++) {
                int best = 0;
                for (int k = 1; k < n; k++) {
                    if (scores[k * b + i] > scores[best * b + i]) {
                        best = k;
                    }
                }
                chosen[i] = all.get((long) best * b + i).expandDims(0);
            }
            NDArray out = NDArrays.concat(new ai.djl.ndarray.NDList(chosen), 0);
            out.attach(outer);
            return out;
        }
    }

    private static PromptEmbedding repeat(PromptEmbedding e, int times) {
        PromptEmbedding out = e;
        for (int k = 1; k < times; k++) {
            out = out.concat(e);
        }
        return out;
    }

    @Override
    public int extraDenoiserCalls() {
        return n * steps * (cfg == 1.0 ? 1 : 2);
    }
}
