package dev.goldennoise.noise;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.SampledReward;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.Scalars;
import dev.goldennoise.tensor.Seeds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One move Δ per prompt, the same for every noise: gradient ascent of the mean preference score over K noises of the
 * prompt's own (seeded by the prompt's text, never the caller's x_T), each noise put back on its own sphere after the
 * move. The Δ is then applied to any x_T as x_T' = (x_T + Δ)·‖x_T‖/‖x_T + Δ‖. Per-item gradient ascent ({@link
 * OptimizeNoise}) helps at 8 steps but its move is a function of the noise no student has learned; this move is by
 * construction a function of the prompt alone, so a network from the prompt can in principle learn it, and the question
 * it answers is how much of the per-item gain survives on noises it was not fitted to.
 *
 * <p>Spelled {@code prompt-optimize}, or {@code prompt-optimize:k=16:iters=4:lr=0.08:sampler=8}: training noises,
 * iterations, the step as a fraction of the noises' mean norm, and the reward's sampler steps (by default the
 * sampling's). The iterate with the highest mean reward on the training noises is kept, Δ = 0 included. A Δ is fitted
 * once per prompt and kept for the strategy's life, so a prompt's cost is paid once however many seeds it is sampled
 * with. {@code k=0} or {@code iters=0} returns x_T.
 */
public final class PromptOptimizeNoise implements NoiseStrategy {
    public static final String NAME = "prompt-optimize";
    /** Training noises differentiated at once: every sampler step of every noise is kept for the backward pass. */
    private static final int CHUNK = 16;
    static final int MAX_NOISES = 256;

    public record Settings(int noises, int iterations, double stepSize, int samplerSteps) {
        /**
         * The better of the two settings measured on the sweep prompts at 8 steps by the preference scorer's mean; neither
         * moved the checker (docs/GOLDEN_NOISE.md, "Eleventh round").
         */
        public static final Settings DEFAULTS = new Settings(16, 4, 0.08, 8);

        public Settings {
            if (noises < 0 || noises > MAX_NOISES) {
                throw new IllegalArgumentException("prompt-optimize k (training noises per prompt) must be from 0 to " + MAX_NOISES + ", got " + noises);
            }
            if (iterations < 0 || iterations > 1000) {
                throw new IllegalArgumentException("prompt-optimize iters must be from 0 to 1000, got " + iterations);
            }
            Finite.require(stepSize, "prompt-optimize lr");
            if (stepSize <= 0 || stepSize > 1) {
                throw new IllegalArgumentException("prompt-optimize lr (a step as a fraction of the noise's norm) must be in (0, 1], got " + stepSize);
            }
            if (samplerSteps < 1 || samplerSteps > OptimizeNoise.MAX_SAMPLER_STEPS) {
                throw new IllegalArgumentException("prompt-optimize sampler steps must be from 1 to " + OptimizeNoise.MAX_SAMPLER_STEPS + ", got " + samplerSteps);
            }
        }

        /** As {@link OptimizeNoise.Settings#parse(String, int)}: without {@code sampler=}, the reward samples as many steps as the images. */
        public static Settings parse(String spec, int samplingSteps) {
            StrategyOptions o = StrategyOptions.parse(spec, NAME, NAME, List.of("k", "iters", "lr", "sampler"));
            return new Settings(o.integer("k", DEFAULTS.noises), o.integer("iters", DEFAULTS.iterations), o.number("lr", DEFAULTS.stepSize),
                    o.integer("sampler", Math.max(1, Math.min(OptimizeNoise.MAX_SAMPLER_STEPS, samplingSteps))));
        }

        public String spec() {
            return NAME + ":k=" + noises + ":iters=" + iterations + ":lr=" + stepSize + ":sampler=" + samplerSteps;
        }
    }

    private final Settings settings;
    private final double cfg;
    private final PreferenceModel scorer;
    private final Path scorerFile;
    private final Map<String, float[]> moves = Collections.synchronizedMap(new HashMap<>());

    public PromptOptimizeNoise(Settings settings, double cfg, PreferenceModel scorer, Path scorerFile) {
        this.settings = settings;
        this.cfg = cfg;
        this.scorer = scorer;
        this.scorerFile = scorerFile;
    }

    @Override
    public String name() {
        return settings.spec();
    }

    @Override
    public List<Path> weightFiles() {
        return scorerFile == null ? List.of() : List.of(scorerFile);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        if (settings.noises == 0 || settings.iterations == 0) {
            return xT;
        }
        SampledReward.requireDifferentiable(model, NAME);
        SampledReward reward = new SampledReward(model, scorer, settings.samplerSteps, cfg);
        NDManager outer = xT.getManager();
        int b = batch.size();
        int per = Math.toIntExact(model.latentShape().size());
        float[] all = new float[b * per];
        for (int i = 0; i < b; i++) {
            String prompt = batch.prompts().get(i);
            float[] move = moves.get(prompt);
            if (move == null) {
                move = fit(reward, model, prompt, batch.cond().slice(i, i + 1), batch.uncond().slice(i, i + 1), outer);
                moves.put(prompt, move);
            }
            System.arraycopy(move, 0, all, i * per, per);
        }
        try (NDManager scope = outer.newSubManager()) {
            NDArray delta = scope.create(all, xT.getShape());
            NDArray out = onSpheres(xT, delta, OptimizeNoise.norms(xT));
            out.attach(outer);
            return out;
        }
    }

    /** The prompt's move (C·H·W values), fitted on its own training noises. */
    float[] fit(SampledReward reward, DiffusionModel model, String prompt, PromptEmbedding cond, PromptEmbedding uncond, NDManager outer) {
        int k = settings.noises;
        try (NDManager scope = outer.newSubManager()) {
            List<Long> seeds = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                seeds.add(trainingSeed(prompt, j));
            }
            NDArray z = Seeds.noise(scope, seeds, model.latentShape());
            PromptEmbedding c = copy(cond, scope);
            PromptEmbedding u = copy(uncond, scope);
            NDArray texts = reward.prompts(Collections.nCopies(k, prompt), scope);
            NDArray radius = OptimizeNoise.norms(z);
            double stepLength = settings.stepSize * radius.mean().getFloat();
            NDArray delta = scope.zeros(new Shape(1).addAll(model.latentShape()));
            float[] best = delta.toFloatArray();
            double bestReward = Double.NEGATIVE_INFINITY;
            for (int it = 0; it <= settings.iterations; it++) {
                boolean last = it == settings.iterations;
                double total = 0;
                NDArray grad = scope.zeros(delta.getShape());
                for (int start = 0; start < k; start += CHUNK) {
                    int end = Math.min(k, start + CHUNK);
                    try (NDManager step = scope.newSubManager()) {
                        NDArray leaf = delta.duplicate();
                        leaf.attach(step);
                        leaf.setRequiresGradient(true);
                        NDArray zs = z.get(start + ":" + end);
                        NDArray rs = radius.get(start + ":" + end);
                        NDArray ts = texts.get(start + ":" + end);
                        PromptEmbedding cs = repeat(c, end - start, step);
                        PromptEmbedding us = repeat(u, end - start, step);
                        for (NDArray a : List.of(zs, rs, ts)) {
                            a.attach(step);
                        }
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray rewards = reward.reward(onSpheres(zs, leaf, rs), cs, us, ts);
                            float[] r = rewards.toFloatArray();
                            for (float v : r) {
                                total += v;
                            }
                            if (!last) {
                                gc.backward(rewards.sum());
                            }
                        }
                        if (!last) {
                            NDArray g = leaf.getGradient().duplicate();
                            g.attach(scope);
                            grad = grad.add(g);
                        }
                    }
                }
                double mean = total / k;
                if (!Double.isFinite(mean)) {
                    break; // a sampler several steps deep overflowed on this move: keep the best one so far
                }
                if (mean > bestReward) {
                    bestReward = mean;
                    best = delta.toFloatArray();
                }
                if (!last) {
                    float[] g = grad.toFloatArray();
                    if (Finite.firstNonFinite(g, 0, g.length) >= 0) {
                        break;
                    }
                    // a step of fixed length along the mean gradient's direction
                    NDArray unit = grad.div(grad.norm().add(1e-12));
                    delta = delta.add(Scalars.times(unit, stepLength));
                }
            }
            return best;
        }
    }

    /** The seed of a prompt's j-th training noise: from the prompt's text, so a prompt always trains on the same noises. */
    static long trainingSeed(String prompt, int j) {
        long h = 0xcbf29ce484222325L; // FNV-1a: String.hashCode is 32 bits and collides on short texts
        for (byte c : prompt.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
        }
        return Seeds.mix(h, 31_000 + j);
    }

    /** x + Δ with each row rescaled to {@code radius}, the row's norm before the move. */
    static NDArray onSpheres(NDArray x, NDArray delta, NDArray radius) {
        NDArray moved = x.add(delta);
        return moved.mul(radius.div(OptimizeNoise.norms(moved)));
    }

    private static PromptEmbedding copy(PromptEmbedding e, NDManager m) {
        NDArray t = e.tokens().duplicate();
        NDArray p = e.pooled().duplicate();
        t.attach(m);
        p.attach(m);
        return new PromptEmbedding(t, p);
    }

    /** A one-prompt embedding repeated {@code n} times, owned by {@code m}, so the sampler's concatenations land there too. */
    private static PromptEmbedding repeat(PromptEmbedding e, int n, NDManager m) {
        NDArray t = e.tokens().repeat(0, n);
        NDArray p = e.pooled().repeat(0, n);
        t.attach(m);
        p.attach(m);
        return new PromptEmbedding(t, p);
    }

    /** Per prompt, paid once: K noises scored at every iterate and differentiated at all but the last. */
    @Override
    public int extraDenoiserCalls() {
        int perReward = settings.samplerSteps * (cfg == 1.0 ? 1 : 2);
        return settings.noises == 0 || settings.iterations == 0 ? 0 : settings.noises * (3 * settings.iterations + 1) * perReward;
    }
}
