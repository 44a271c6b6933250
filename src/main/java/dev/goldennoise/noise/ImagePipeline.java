package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.Sampler;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.tensor.NoiseRng;
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
    /**
     * One image to make. {@code start} is its x_T (C·H·W values in C order) when given, as from a file; null draws
     * x_T from the seed. The seed still goes to the strategy, which may derive noises of its own from it.
     */
    public record Job(String prompt, long seed, float[] start) {
        public Job(String prompt, long seed) {
            this(prompt, seed, null);
        }
    }

    /** Told, batch by batch, each batch's x_T and the strategy's x_T' (B, C, H, W), before they are sampled. */
    @FunctionalInterface
    public interface NoiseListener {
        void noises(List<Job> batch, NDArray xT, NDArray golden);
    }

    private final DiffusionModel model;
    private final int steps;
    private final double cfg;
    private final int batchSize;
    private final NoiseRng rng;
    private final SamplerSpec sampler;

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize) {
        this(model, steps, cfg, batchSize, NoiseRng.JAVA);
    }

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize, NoiseRng rng) {
        this(model, steps, cfg, batchSize, rng, SamplerSpec.DDIM);
    }

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize, NoiseRng rng, SamplerSpec sampler) {
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
        this.rng = rng;
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

    public NoiseRng rng() {
        return rng;
    }

    /** Denoiser evaluations per image of plain CFG sampling (two per step unless the guidance scale is 1). */
    public int denoiserCallsPerImage() {
        return steps * (cfg == 1.0 ? 1 : 2);
    }

    /** Generates every job in order; {@code progress} receives the number of images finished after each batch. */
    public List<RgbImage> generate(List<Job> jobs, NoiseStrategy strategy, NDManager parent, IntConsumer progress) {
        return generate(jobs, strategy, parent, progress, (batch, xT, golden) -> { });
    }

    /** As above, and {@code listener} sees each batch's x_T and x_T' before sampling. */
    public List<RgbImage> generate(List<Job> jobs, NoiseStrategy strategy, NDManager parent, IntConsumer progress,
            NoiseListener listener) {
        List<RgbImage> out = new ArrayList<>(jobs.size());
        Sampler sampling = sampler.create(model, steps);
        for (int start = 0; start < jobs.size(); start += batchSize) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                Start s = start(batch, strategy, m);
                listener.noises(batch, s.xT, s.golden);
                NDArray x0 = sampling.sample(s.golden, s.cond, s.uncond, cfg);
                out.addAll(ImageBatches.unstack(model.decoder().decode(x0)));
            }
            progress.accept(out.size());
        }
        return out;
    }

    /**
     * Only the noises, batch by batch: x_T and the strategy's x_T' of every job, without sampling ({@code noise}
     * writes them for other samplers). {@code progress} receives the number of jobs done.
     */
    public void noises(List<Job> jobs, NoiseStrategy strategy, NDManager parent, IntConsumer progress, NoiseListener listener) {
        for (int start = 0; start < jobs.size(); start += batchSize) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                Start s = start(batch, strategy, m);
                listener.noises(batch, s.xT, s.golden);
            }
            progress.accept(Math.min(jobs.size(), start + batchSize));
        }
    }

    private record Start(NDArray xT, NDArray golden, PromptEmbedding cond, PromptEmbedding uncond) {}

    private Start start(List<Job> batch, NoiseStrategy strategy, NDManager m) {
        List<String> prompts = batch.stream().map(Job::prompt).toList();
        List<Long> seeds = batch.stream().map(Job::seed).toList();
        PromptEmbedding cond = model.textEncoder().encode(prompts, m);
        PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(batch.size(), ""), m);
        NDArray xT = initialNoise(batch, m);
        NDArray golden = strategy.apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), model);
        return new Start(xT, golden, cond, uncond);
    }

    /** Each job's x_T: its given latent, or its seed's noise under this pipeline's generator. */
    private NDArray initialNoise(List<Job> batch, NDManager m) {
        Shape latent = model.latentShape();
        int per = Math.toIntExact(latent.size());
        float[] all = new float[Math.multiplyExact(per, batch.size())];
        for (int i = 0; i < batch.size(); i++) {
            Job job = batch.get(i);
            float[] x = job.start() != null ? job.start() : rng.gaussian(job.seed(), per);
            if (x.length != per) {
                throw new IllegalArgumentException("a given x_T has " + x.length + " values; the latent " + latent + " needs " + per);
            }
            System.arraycopy(x, 0, all, i * per, per);
        }
        return m.create(all, new Shape(batch.size()).addAll(latent));
    }
}
