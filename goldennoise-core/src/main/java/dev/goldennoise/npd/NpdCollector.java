package dev.goldennoise.npd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.noise.NoiseBatch;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.world.RgbImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects noise pairs: for pair i, its prompt and seed (from the collection seed and i alone), x_T, the teacher's
 * x_T', an image from each with the standard sampler, and the scorer's opinion of both. Every pair is stored, kept
 * or not; the margin filter is applied when training loads them, as in the official code.
 *
 * <p>Pairs go into shards of {@code shardSize}; shard s holds pairs [s·size, (s+1)·size). A shard is written whole
 * or not at all, so a killed run loses at most the shard in progress, and a rerun does only the shards missing.
 * Machine i of n does the shards s with s mod n = i.
 */
public final class NpdCollector {
    /** Told after every batch: pairs finished in this run, and of them how many the teacher's noise won. */
    public interface Listener {
        void progress(long done, long improved);
    }

    private final DiffusionModel model;
    private final NoiseStrategy target;
    private final Scorer scorer;
    private final int steps;
    private final double cfg;
    private final int batch;
    private final List<String> pool;
    private final NoiseRng rng;
    private final NpdLayout layout;
    private final SamplerSpec sampler;

    public NpdCollector(DiffusionModel model, NoiseStrategy target, Scorer scorer, int steps, double cfg, int batch) {
        this(model, target, scorer, steps, cfg, batch, NpdPrompts.pool());
    }

    public NpdCollector(DiffusionModel model, NoiseStrategy target, Scorer scorer, int steps, double cfg, int batch, List<String> pool) {
        this(model, target, scorer, steps, cfg, batch, pool, NoiseRng.JAVA, NpdLayout.SHARDS);
    }

    /**
     * @param pool the prompts to draw from (the shapes world's NPD pool by default)
     * @param rng how each pair's seed becomes its x_T
     * @param layout the files the shards are written as
     */
    public NpdCollector(DiffusionModel model, NoiseStrategy target, Scorer scorer, int steps, double cfg, int batch,
            List<String> pool, NoiseRng rng, NpdLayout layout) {
        this(model, target, scorer, steps, cfg, batch, pool, rng, layout, SamplerSpec.DDIM);
    }

    /** @param sampler the sampler both noises' images are scored through */
    public NpdCollector(DiffusionModel model, NoiseStrategy target, Scorer scorer, int steps, double cfg, int batch,
            List<String> pool, NoiseRng rng, NpdLayout layout, SamplerSpec sampler) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        this.model = model;
        this.target = target;
        this.scorer = scorer;
        this.steps = steps;
        this.cfg = cfg;
        this.batch = batch;
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the prompt pool is empty");
        }
        this.pool = List.copyOf(pool);
        this.rng = rng;
        this.layout = layout;
        this.sampler = sampler;
    }

    /** The shards of this tool's layout machine {@code part} of {@code parts} still has to do ({@link NpdLayout}). */
    public static List<Integer> shardsToDo(Path dir, long count, int shardSize, int part, int parts) {
        try {
            return NpdLayout.SHARDS.shardsToDo(dir, count, shardSize, part, parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only the official layout reads a file to know
        }
    }

    /** Collects and writes one shard: pairs [shard·size, (shard+1)·size). */
    public void collectShard(Path dir, long collectionSeed, int shard, int shardSize, NDManager parent, Listener listener, long[] totals)
            throws IOException {
        List<NoisePair> pairs = new ArrayList<>(shardSize);
        long first = (long) shard * shardSize;
        for (long start = first; start < first + shardSize; start += batch) {
            int n = (int) Math.min(batch, first + shardSize - start);
            pairs.addAll(collectBatch(collectionSeed, start, n, parent));
            totals[0] += n;
            for (NoisePair p : pairs.subList(pairs.size() - n, pairs.size())) {
                if (p.optimizedScore() > p.originalScore()) {
                    totals[1]++;
                }
            }
            listener.progress(totals[0], totals[1]);
        }
        layout.write(dir, shard, model.latentShape().getShape(), pairs);
    }

    private List<NoisePair> collectBatch(long collectionSeed, long start, int n, NDManager parent) {
        List<String> prompts = new ArrayList<>(n);
        List<Long> seeds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add(NpdPrompts.promptFor(collectionSeed, start + i, pool));
            seeds.add(NpdPrompts.seedFor(collectionSeed, start + i));
        }
        try (NDManager m = parent.newSubManager()) {
            PromptEmbedding cond = model.textEncoder().encode(prompts, m);
            PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(n, ""), m);
            NDArray xT = rng.noise(m, seeds, model.latentShape());
            NDArray golden = target.apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), model);
            // both noises in one sampler batch: the denoiser is far more efficient at twice the batch
            NDArray x0 = sampler.create(model, steps).sample(xT.concat(golden, 0), cond.concat(cond), uncond.concat(uncond), cfg);
            List<RgbImage> images = ImageBatches.unstack(model.decoder().decode(x0));
            List<String> both = new ArrayList<>(prompts);
            both.addAll(prompts);
            double[] scores = scorer.score(images, both);
            float[] src = xT.toFloatArray();
            float[] gold = golden.toFloatArray();
            int per = src.length / n;
            List<NoisePair> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] s = new float[per];
                float[] g = new float[per];
                System.arraycopy(src, i * per, s, 0, per);
                System.arraycopy(gold, i * per, g, 0, per);
                out.add(new NoisePair(start + i, seeds.get(i), prompts.get(i), s, g, scores[i], scores[n + i]));
            }
            return out;
        }
    }
}
