package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.Sampler;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Prompt + seed + noise strategy → image: x_T from the seed, the strategy's x_T', a sampler with CFG (DDIM unless
 * told otherwise), decoder. Jobs run
 * in batches on the denoiser; an image depends only on its own (prompt, seed), never on its batch.
 */
public final class ImagePipeline {
    /** One image to make. */
    public record Job(String prompt, long seed) {}

    private final DiffusionModel model;
    private final int steps;
    private final double cfg;
    private final int batchSize;
    private final SamplerSpec sampler;

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize) {
        this(model, steps, cfg, batchSize, SamplerSpec.DDIM);
    }

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize, SamplerSpec sampler) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.steps = steps;
        this.cfg = cfg;
        this.batchSize = batchSize;
        this.sampler = sampler;
    }

    public SamplerSpec sampler() {
        return sampler;
    }

    public int steps() {
        return steps;
    }

    public double cfg() {
        return cfg;
    }

    /** Denoiser evaluations per image of plain CFG sampling (two per step unless the guidance scale is 1). */
    public int denoiserCallsPerImage() {
        return steps * (cfg == 1.0 ? 1 : 2);
    }

    /** Generates every job in order; {@code progress} receives the number of images finished after each batch. */
    public List<RgbImage> generate(List<Job> jobs, NoiseStrategy strategy, NDManager parent, IntConsumer progress) {
        List<RgbImage> out = new ArrayList<>(jobs.size());
        Sampler sampling = sampler.create(model, steps);
        for (int start = 0; start < jobs.size(); start += batchSize) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                List<String> prompts = batch.stream().map(Job::prompt).toList();
                List<Long> seeds = batch.stream().map(Job::seed).toList();
                PromptEmbedding cond = model.textEncoder().encode(prompts, m);
                PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(batch.size(), ""), m);
                NDArray xT = Seeds.noise(m, seeds, model.latentShape());
                NDArray start0 = strategy.apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), model);
                NDArray x0 = sampling.sample(start0, cond, uncond, cfg);
                out.addAll(ImageBatches.unstack(model.decoder().decode(x0)));
            }
            progress.accept(out.size());
        }
        return out;
    }
}
