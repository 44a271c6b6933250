package dev.goldennoise.noise;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.SampledReward;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.Scalars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-item gradient ascent of the preference score with respect to x_T, as ReNO does: the score of the image a
 * few-step sampler makes from the noise ({@link SampledReward}) is differentiated back to the noise, which takes a
 * step of fixed relative length along the gradient and is then put back on its sphere (‖x‖ = ‖x_T‖, the shell where
 * Gaussian noise of this size lives; ReNO's norm prior in its hard form). The iterate with the highest reward is
 * returned, x_T itself included, so the result never scores below x_T under the reward.
 *
 * <p>Spelled {@code optimize}, or with options {@code optimize:iters=10:lr=0.05:sampler=20:pool=1}: iterations, step length as
 * a fraction of ‖x_T‖, the reward sampler's steps (by default as many as the sampling itself takes), and the side of the
 * blocks the gradient is averaged over. {@code iters=0} returns x_T. Needs a model gradients flow
 * through (the built-in one).
 */
public final class OptimizeNoise implements NoiseStrategy {
    public static final String NAME = "optimize";
    /** Items differentiated at once: every sampler step of every item is kept for the backward pass. */
    private static final int CHUNK = 16;
    /** Every step of the reward's sampler is kept for the backward pass, so its length is bounded. */
    static final int MAX_SAMPLER_STEPS = 50;

    /**
     * @param pool side of the square blocks the gradient is averaged over before each step (1: the gradient as it is);
     *             with {@code pool} > 1 the noise moves only by block-constant, low-frequency changes at the layout
     *             scale, fewer numbers for a student to predict (no student learned either kind, docs/GOLDEN_NOISE.md)
     */
    public record Settings(int iterations, double stepSize, int samplerSteps, int pool) {
        /**
         * Ten iterations through the full 20-step sampler, for 20-step images (other step counts get a sampler of
         * their own, {@link #parse(String, int)}): on the sweep prompts a 4-step one gained less (+6.5 checker
         * points against +9.5) and lost 12 points on single prompts (docs/GOLDEN_NOISE.md).
         */
        public static final Settings DEFAULTS = new Settings(10, 0.05, 20, 1);

        public Settings(int iterations, double stepSize, int samplerSteps) {
            this(iterations, stepSize, samplerSteps, 1);
        }

        public Settings {
            if (iterations < 0 || iterations > 1000) {
                throw new IllegalArgumentException("optimize iters must be from 0 to 1000, got " + iterations);
            }
            Finite.require(stepSize, "optimize lr");
            if (stepSize <= 0 || stepSize > 1) {
                throw new IllegalArgumentException("optimize lr (a step as a fraction of the noise's norm) must be in (0, 1], got " + stepSize);
            }
            if (samplerSteps < 1 || samplerSteps > MAX_SAMPLER_STEPS) {
                throw new IllegalArgumentException("optimize sampler steps must be from 1 to " + MAX_SAMPLER_STEPS + ", got " + samplerSteps);
            }
            if (pool < 1 || pool > 64) {
                throw new IllegalArgumentException("optimize pool (the side of the gradient's blocks) must be from 1 to 64, got " + pool);
            }
        }

        /** {@code optimize} or {@code optimize:iters=…:lr=…:sampler=…:pool=…}, any subset of the keys, in any order. */
        public static Settings parse(String spec) {
            return parse(spec, DEFAULTS.samplerSteps);
        }

        /**
         * As {@link #parse(String)} for images of {@code samplingSteps} steps: without {@code sampler=}, the reward's
         * sampler takes as many steps as the sampling (at most {@value OptimizeNoise#MAX_SAMPLER_STEPS}), so the noise climbs the
         * score of the image it will actually make; through its own 8-step sampler it gained +20.7 checker points on
         * 8-step images
         * (docs/GOLDEN_NOISE.md, "Ninth round").
         */
        public static Settings parse(String spec, int samplingSteps) {
            StrategyOptions o = StrategyOptions.parse(spec, NAME, "optimize", List.of("iters", "lr", "sampler", "pool"));
            return new Settings(o.integer("iters", DEFAULTS.iterations), o.number("lr", DEFAULTS.stepSize),
                    o.integer("sampler", Math.max(1, Math.min(MAX_SAMPLER_STEPS, samplingSteps))), o.integer("pool", DEFAULTS.pool));
        }

        public String spec() {
            return NAME + ":iters=" + iterations + ":lr=" + stepSize + ":sampler=" + samplerSteps + (pool == 1 ? "" : ":pool=" + pool);
        }
    }

    private final Settings settings;
    private final double cfg;
    private final PreferenceModel scorer;
    private final Path scorerFile;

    /**
     * @param cfg        the guidance the reward's sampler uses (the sampling guidance)
     * @param scorerFile the scorer's weights, for {@link #weightFiles()} (may be null)
     */
    public OptimizeNoise(Settings settings, double cfg, PreferenceModel scorer, Path scorerFile) {
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
        if (settings.iterations == 0) {
            return xT;
        }
        SampledReward.requireDifferentiable(model, "optimize");
        SampledReward reward = new SampledReward(model, scorer, settings.samplerSteps, cfg);
        NDManager outer = xT.getManager();
        int b = batch.size();
        List<NDArray> parts = new ArrayList<>();
        try (NDManager scope = outer.newSubManager()) {
            for (int start = 0; start < b; start += CHUNK) {
                int end = Math.min(b, start + CHUNK);
                NDArray x = xT.get(start + ":" + end).duplicate();
                x.attach(scope);
                parts.add(optimise(reward, x, batch.prompts().subList(start, end), batch.cond().slice(start, end),
                        batch.uncond().slice(start, end), scope));
            }
            NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
            out.attach(outer);
            return out;
        }
    }

    private NDArray optimise(SampledReward reward, NDArray x0, List<String> prompts, PromptEmbedding cond, PromptEmbedding uncond, NDManager scope) {
        int n = prompts.size();
        NDArray texts = reward.prompts(prompts, scope);
        NDArray radius = norms(x0);
        NDArray x = x0;
        NDArray best = x0;
        float[] bestScore = new float[n];
        Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
        boolean[] stopped = new boolean[n];
        for (int it = 0; it <= settings.iterations; it++) {
            float[] r;
            NDArray grad;
            try (NDManager step = scope.newSubManager()) {
                NDArray leaf = x.duplicate();
                leaf.attach(step);
                leaf.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray rewards = reward.reward(leaf, cond, uncond, texts);
                    r = rewards.toFloatArray();
                    if (it < settings.iterations) {
                        gc.backward(rewards.sum());
                    }
                }
                grad = it < settings.iterations ? blockMeans(leaf.getGradient(), settings.pool) : null;
                if (grad != null) {
                    grad.attach(scope);
                }
            }
            boolean[] better = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (Float.isFinite(r[i]) && r[i] > bestScore[i]) {
                    bestScore[i] = r[i];
                    better[i] = true;
                }
            }
            best = pick(best, x, better, scope);
            if (grad != null) {
                grad = stopWhereNotFinite(grad, r, stopped, scope);
                // a step of fixed length along the gradient's direction, then back onto the sphere of x_T's radius
                NDArray unit = grad.div(norms(grad).add(1e-12));
                NDArray moved = x.add(Scalars.times(unit.mul(radius), settings.stepSize));
                x = moved.mul(radius.div(norms(moved)));
            }
        }
        return best;
    }

    /**
     * The gradient with the rows of stopped items zeroed, so they stay where they are. An item stops for good when its
     * reward or gradient is not finite: a sampler several steps deep overflows on a rare noise, and that one item
     * keeps its best iterate while the rest of the batch goes on (x_T, the first iterate, is finite by construction).
     */
    static NDArray stopWhereNotFinite(NDArray grad, float[] reward, boolean[] stopped, NDManager m) {
        float[] g = grad.toFloatArray();
        int per = g.length / reward.length;
        boolean any = false;
        for (int i = 0; i < reward.length; i++) {
            stopped[i] |= !Float.isFinite(reward[i]) || Finite.firstNonFinite(g, i * per, (i + 1) * per) >= 0;
            if (stopped[i]) {
                Arrays.fill(g, i * per, (i + 1) * per, 0f);
                any = true;
            }
        }
        return any ? m.create(g, grad.getShape()) : grad;
    }

    /** {@code g} (B, C, H, W) with every P×P block replaced by its mean; P = 1 returns a copy. */
    static NDArray blockMeans(NDArray g, int p) {
        if (p == 1) {
            return g.duplicate();
        }
        long[] s = g.getShape().getShape();
        if (s[2] % p != 0 || s[3] % p != 0) {
            throw new IllegalArgumentException("optimize pool " + p + " must divide the latent's height " + s[2] + " and width " + s[3]
                    + "; pick a pool that divides both");
        }
        NDArray blocks = Scalars.over(g.reshape(s[0], s[1], s[2] / p, p, s[3] / p, p).sum(new int[] {3, 5}, true), p * p);
        return blocks.broadcast(s[0], s[1], s[2] / p, p, s[3] / p, p).reshape(s[0], s[1], s[2], s[3]);
    }

    /** Row i of {@code candidate} where {@code take[i]}, else row i of {@code current}. */
    private static NDArray pick(NDArray current, NDArray candidate, boolean[] take, NDManager m) {
        float[] mask = new float[take.length];
        for (int i = 0; i < take.length; i++) {
            mask[i] = take[i] ? 1 : 0;
        }
        NDArray w = m.create(mask).reshape(take.length, 1, 1, 1);
        return candidate.mul(w).add(current.mul(w.neg().add(1)));
    }

    /** ‖x_i‖ per item, shaped (B, 1, 1, 1). */
    static NDArray norms(NDArray x) {
        return x.square().sum(new int[] {1, 2, 3}, true).sqrt();
    }

    @Override
    public int extraDenoiserCalls() {
        // every iterate is scored, and all but the last differentiated (a backward pass costs about two forward ones)
        int perReward = settings.samplerSteps * (cfg == 1.0 ? 1 : 2);
        return settings.iterations == 0 ? 0 : (3 * settings.iterations + 1) * perReward;
    }
}
