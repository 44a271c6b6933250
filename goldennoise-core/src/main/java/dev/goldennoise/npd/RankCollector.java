package dev.goldennoise.npd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.NoiseRng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects what a noise ranker learns from: for group i, a prompt and seed (from the collection seed and i alone, as
 * the NPD's pairs), N candidate noises ({@link CandidateGroup#candidateSeed}), an image of each with the standard
 * sampler, and the preference scorer's score of each image. Only the scorer's opinion is stored; the noises are
 * made again from their seeds. Shards as {@link NpdCollector}'s: written whole, resumed by what is missing.
 */
public final class RankCollector {
    /** Sampler rows at once (guidance doubles them): 64 ran at 5.2 images/s on two cores, 256 at 2.5. */
    static final int MAX_ROWS = 64;

    private final DiffusionModel model;
    private final Scorer scorer;
    private final int candidates;
    private final int steps;
    private final double cfg;
    private final SamplerSpec sampler;
    private final List<String> pool;

    public RankCollector(DiffusionModel model, Scorer scorer, int candidates, int steps, double cfg, SamplerSpec sampler,
                         List<String> pool) {
        if (candidates < 2 || candidates > MAX_ROWS) {
            throw new IllegalArgumentException("--candidates must be from 2 to " + MAX_ROWS + " (a ranker learns from"
                    + " comparisons, and a group's candidates are sampled together), got " + candidates);
        }
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the prompt pool is empty");
        }
        this.model = model;
        this.scorer = scorer;
        this.candidates = candidates;
        this.steps = steps;
        this.cfg = cfg;
        this.sampler = sampler;
        this.pool = List.copyOf(pool);
    }

    /** Groups per sampler batch: whole groups, at most {@link #MAX_ROWS} candidates. */
    int groupsPerBatch() {
        return Math.max(1, MAX_ROWS / candidates);
    }

    /** Collects and writes shard {@code shard}: groups [shard·size, (shard+1)·size); {@code done} is told each batch's group count. */
    public void collectShard(Path dir, long collectionSeed, int shard, int shardSize, NDManager parent,
                             java.util.function.IntConsumer done) throws IOException {
        List<CandidateGroup> groups = new ArrayList<>(shardSize);
        long first = (long) shard * shardSize;
        int per = groupsPerBatch();
        for (long start = first; start < first + shardSize; start += per) {
            int n = (int) Math.min(per, first + shardSize - start);
            groups.addAll(collectBatch(collectionSeed, start, n, parent));
            done.accept(n);
        }
        RankShards.write(dir, shard, groups);
    }

    List<CandidateGroup> collectBatch(long collectionSeed, long start, int n, NDManager parent) {
        List<String> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(NpdPrompts.promptFor(collectionSeed, start + i, pool));
            seeds.add(NpdPrompts.seedFor(collectionSeed, start + i));
        }
        // candidate-major rows: candidate k of group i at k·n + i, as best-of-N lays them out
        List<Long> rowSeeds = new ArrayList<>();
        List<String> rowPrompts = new ArrayList<>();
        for (int k = 0; k < candidates; k++) {
            for (int i = 0; i < n; i++) {
                rowSeeds.add(CandidateGroup.candidateSeed(seeds.get(i), k));
                rowPrompts.add(prompts.get(i));
            }
        }
        try (NDManager m = parent.newSubManager()) {
            PromptEmbedding cond = model.textEncoder().encode(rowPrompts, m);
            PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(rowPrompts.size(), ""), m);
            NDArray x = NoiseRng.JAVA.noise(m, rowSeeds, model.latentShape());
            NDArray x0 = sampler.create(model, steps).sample(x, cond, uncond, cfg);
            double[] scores = scorer.score(ImageBatches.unstack(model.decoder().decode(x0)), rowPrompts);
            List<CandidateGroup> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[] s = new double[candidates];
                for (int k = 0; k < candidates; k++) {
                    s[k] = scores[k * n + i];
                }
                out.add(new CandidateGroup(start + i, seeds.get(i), prompts.get(i), s));
            }
            return out;
        }
    }
}
