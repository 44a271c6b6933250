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
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** C, H, W of one latent of the model. */
    public ai.djl.ndarray.types.Shape latentShape() {
        return model.latentShape();
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
                Start s = start(batch, Collections.nCopies(batch.size(), strategy), m);
                listener.noises(batch, s.xT, s.golden);
                out.addAll(ImageBatches.unstack(decode(sampling, s)));
            }
            progress.accept(out.size());
        }
        return out;
    }

    /** One image and the noises it came from: x_T as its seed drew it, and x_T' the sampler started from. */
    public record Sample(RgbImage image, float[] initialNoise, float[] startNoise) {}

    /**
     * Jobs that each name their own strategy, sampled as one denoiser batch (a service mixes the arms of an
     * experiment in one batch this way): each strategy sees only its own jobs, so an image is the one
     * {@link #generate} makes for its (prompt, seed, strategy).
     *
     * @throws IllegalArgumentException when there are more jobs than the pipeline's batch size
     */
    public List<Sample> sampleMixed(List<Job> jobs, List<NoiseStrategy> strategies, NDManager parent) {
        if (jobs.size() != strategies.size()) {
            throw new IllegalArgumentException(jobs.size() + " jobs but " + strategies.size() + " strategies");
        }
        if (jobs.size() > batchSize) {
            throw new IllegalArgumentException(jobs.size() + " jobs do not fit one batch of " + batchSize);
        }
        // each strategy's jobs side by side, so that it gets one contiguous slice of the batch
        Map<NoiseStrategy, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            groups.computeIfAbsent(strategies.get(i), k -> new ArrayList<>()).add(i);
        }
        List<Integer> order = groups.values().stream().flatMap(List::stream).toList();
        List<Job> sorted = order.stream().map(jobs::get).toList();
        List<NoiseStrategy> sortedStrategies = order.stream().map(strategies::get).toList();
        Sample[] out = new Sample[jobs.size()];
        try (NDManager m = parent.newSubManager()) {
            Start s = start(sorted, sortedStrategies, m);
            List<RgbImage> images = ImageBatches.unstack(decode(sampler.create(model, steps), s));
            int per = (int) model.latentShape().size();
            float[] initial = s.xT.toFloatArray();
            float[] started = s.golden.toFloatArray();
            for (int k = 0; k < order.size(); k++) {
                out[order.get(k)] = new Sample(images.get(k), Arrays.copyOfRange(initial, k * per, (k + 1) * per),
                        Arrays.copyOfRange(started, k * per, (k + 1) * per));
            }
        }
        return List.of(out);
    }

    private NDArray decode(Sampler sampling, Start s) {
        return model.decoder().decode(sampling.sample(s.golden, s.cond, s.uncond, cfg));
    }

    /**
     * Only the noises, batch by batch: x_T and the strategy's x_T' of every job, without sampling ({@code noise}
     * writes them for other samplers). {@code progress} receives the number of jobs done.
     */
    public void noises(List<Job> jobs, NoiseStrategy strategy, NDManager parent, IntConsumer progress, NoiseListener listener) {
        for (int start = 0; start < jobs.size(); start += batchSize) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                Start s = start(batch, Collections.nCopies(batch.size(), strategy), m);
                listener.noises(batch, s.xT, s.golden);
            }
            progress.accept(Math.min(jobs.size(), start + batchSize));
        }
    }

    private record Start(NDArray xT, NDArray golden, PromptEmbedding cond, PromptEmbedding uncond) {}

    /** x_T of every job and x_T' from its strategy: each run of equal strategies is applied to its own slice. */
    private Start start(List<Job> batch, List<NoiseStrategy> strategies, NDManager m) {
        List<String> prompts = batch.stream().map(Job::prompt).toList();
        List<Long> seeds = batch.stream().map(Job::seed).toList();
        PromptEmbedding cond = model.textEncoder().encode(prompts, m);
        PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(batch.size(), ""), m);
        NDArray xT = initialNoise(batch, m);
        NDArray golden = null;
        for (int from = 0; from < batch.size(); ) {
            int to = from + 1;
            while (to < batch.size() && strategies.get(to) == strategies.get(from)) {
                to++;
            }
            NDArray part = from == 0 && to == batch.size()
                    ? strategies.get(from).apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), model)
                    : strategies.get(from).apply(xT.get(from + ":" + to), new NoiseBatch(prompts.subList(from, to),
                            seeds.subList(from, to), cond.slice(from, to), uncond.slice(from, to)), model);
            golden = golden == null ? part : golden.concat(part, 0);
            from = to;
        }
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
