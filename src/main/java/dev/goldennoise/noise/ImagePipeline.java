package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Prompt + seed + noise strategy → image: x_T from the seed, the strategy's x_T', DDIM with CFG, decoder. Jobs run
 * in batches on the denoiser; an image depends only on its own (prompt, seed), never on its batch.
 */
public final class ImagePipeline {
    /** One image to make. */
    public record Job(String prompt, long seed) {}

    private final DiffusionModel model;
    private final int steps;
    private final double cfg;
    private final int batchSize;

    public ImagePipeline(DiffusionModel model, int steps, double cfg, int batchSize) {
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
        for (int start = 0; start < jobs.size(); start += batchSize) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + batchSize));
            try (NDManager m = parent.newSubManager()) {
                out.addAll(ImageBatches.unstack(sampleBatch(batch, Collections.nCopies(batch.size(), strategy), m).images()));
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
            Batch b = sampleBatch(sorted, sortedStrategies, m);
            List<RgbImage> images = ImageBatches.unstack(b.images());
            int per = (int) model.latentShape().size();
            float[] initial = b.initial().toFloatArray();
            float[] started = b.start().toFloatArray();
            for (int k = 0; k < order.size(); k++) {
                out[order.get(k)] = new Sample(images.get(k), Arrays.copyOfRange(initial, k * per, (k + 1) * per),
                        Arrays.copyOfRange(started, k * per, (k + 1) * per));
            }
        }
        return List.of(out);
    }

    private record Batch(NDArray initial, NDArray start, NDArray images) {}

    /** One batch: the strategies are given per job, and each run of equal strategies is applied to its slice. */
    private Batch sampleBatch(List<Job> batch, List<NoiseStrategy> strategies, NDManager m) {
        List<String> prompts = batch.stream().map(Job::prompt).toList();
        List<Long> seeds = batch.stream().map(Job::seed).toList();
        PromptEmbedding cond = model.textEncoder().encode(prompts, m);
        PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(batch.size(), ""), m);
        NDArray xT = Seeds.noise(m, seeds, model.latentShape());
        NDArray start = null;
        for (int from = 0; from < batch.size(); ) {
            int to = from + 1;
            while (to < batch.size() && strategies.get(to) == strategies.get(from)) {
                to++;
            }
            NDArray part = from == 0 && to == batch.size()
                    ? strategies.get(from).apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), model)
                    : strategies.get(from).apply(xT.get(from + ":" + to), new NoiseBatch(prompts.subList(from, to),
                            seeds.subList(from, to), cond.slice(from, to), uncond.slice(from, to)), model);
            start = start == null ? part : start.concat(part, 0);
            from = to;
        }
        DdimScheduler scheduler = DdimScheduler.standard(model.schedule(), steps);
        NDArray x0 = new CfgSampler(model.denoiser()).sample(start, scheduler, cond, uncond, cfg);
        return new Batch(xT, start, model.decoder().decode(x0));
    }
}
