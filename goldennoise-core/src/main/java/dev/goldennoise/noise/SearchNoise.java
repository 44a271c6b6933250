package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.tensor.Scalars;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Neighbourhood search around x_T: each round makes K Gaussian-preserving neighbours √(1−λ²)·c + λ·z_k of the current
 * centre c (x_T in the first round), samples and scores them with the preference scorer, and keeps the best of the
 * centre and its neighbours as the next centre. With λ = 0.3 a neighbour is 95% correlated with its centre: the
 * layout the noise sets up mostly stays, and the search looks for the nearby noise that fixes what went wrong.
 * Better noises are that close: on the built-in model the best of x_T and three such neighbours raises checker
 * accuracy far more than an NPNet trained on re-denoised pairs (docs/GOLDEN_NOISE.md).
 *
 * <p>Spelled {@code search}, or with options {@code search:k=3:lambda=0.3:rounds=1:lookahead=0}. K = 0 returns x_T. Costs
 * 1 + K·rounds samplings (x_T's own image is scored once; the chosen noise is sampled again by the caller), each of
 * {@code lookahead} steps instead of all of them when a lookahead judges the candidates.
 */
public final class SearchNoise implements NoiseStrategy {
    public static final String NAME = "search";
    public static final int MAX_CANDIDATES = 256;

    /**
     * How far a neighbour is from its centre, how many per round, how many rounds, and how candidates are judged: 0
     * samples each one whole, K &gt; 0 scores the clean latent DDIM predicts after the first K of the sampling steps
     * ({@link dev.goldennoise.diffusion.DdimScheduler#firstSteps}), the layout the noise has set up by then.
     */
    public record Settings(int k, double lambda, int rounds, int lookahead) {
        public static final Settings DEFAULTS = new Settings(3, 0.3, 1, 0);

        public Settings(int k, double lambda, int rounds) {
            this(k, lambda, rounds, 0);
        }

        public Settings {
            if (lookahead < 0) {
                throw new IllegalArgumentException("search lookahead is 0 (sample each candidate whole) or a number of steps, got " + lookahead);
            }
            if (k < 0 || rounds < 1 || (long) k * rounds > MAX_CANDIDATES) {
                throw new IllegalArgumentException("search needs k ≥ 0 and rounds ≥ 1 with k·rounds at most " + MAX_CANDIDATES
                        + " (each round's candidates are sampled and held in memory at once), got k=" + k + ", rounds=" + rounds);
            }
            Finite.require(lambda, "search lambda");
            if (lambda <= 0 || lambda > 1) {
                throw new IllegalArgumentException("search lambda must be in (0, 1], got " + lambda);
            }
        }

        /** {@code search} or {@code search:k=…:lambda=…:rounds=…}, any subset of the keys, in any order. */
        public static Settings parse(String spec) {
            StrategyOptions o = StrategyOptions.parse(spec, NAME, "search", List.of("k", "lambda", "rounds", "lookahead"));
            return new Settings(o.integer("k", DEFAULTS.k), o.number("lambda", DEFAULTS.lambda), o.integer("rounds", DEFAULTS.rounds),
                    o.integer("lookahead", DEFAULTS.lookahead));
        }

        public String spec() {
            // whole-sampling search keeps the name it always had, so cached images and results stay valid
            return NAME + ":k=" + k + ":lambda=" + StrategyOptions.format(lambda) + ":rounds=" + rounds + (lookahead > 0 ? ":lookahead=" + lookahead : "");
        }
    }

    private final Settings settings;
    private final int steps;
    private final double cfg;
    private final Scorer scorer;
    private final Path scorerFile;
    private final SamplerSpec sampler;

    /** @param scorerFile the scorer's weights, when it has a file, for {@link #weightFiles()} (may be null) */
    public SearchNoise(Settings settings, int steps, double cfg, Scorer scorer, Path scorerFile) {
        this(settings, steps, cfg, scorer, scorerFile, SamplerSpec.DDIM);
    }

    /** @param sampler the sampler candidates are ranked through: the one the final image will use */
    public SearchNoise(Settings settings, int steps, double cfg, Scorer scorer, Path scorerFile, SamplerSpec sampler) {
        if (settings.lookahead > steps) {
            throw new IllegalArgumentException("search lookahead=" + settings.lookahead + " is more than the " + steps + " sampling steps;"
                    + " use at most " + steps + ", or 0 to sample candidates whole");
        }
        this.settings = settings;
        this.steps = steps;
        this.cfg = cfg;
        this.scorer = scorer;
        this.scorerFile = scorerFile;
        this.sampler = sampler;
    }

    @Override
    public String name() {
        return settings.spec();
    }

    @Override
    public List<Path> weightFiles() {
        return scorerFile == null ? List.of() : List.of(scorerFile);
    }

    /** The seed of neighbour j (from 1) in round r (from 0) of an item: a stream of its own, apart from best-of-N's. */
    static long neighbourSeed(long seed, int round, int j) {
        return Seeds.mix(Seeds.mix(seed, 1_000 + round), j);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        if (settings.k == 0) {
            return xT;
        }
        NDManager outer = xT.getManager();
        int b = batch.size();
        int k = settings.k;
        float keep = (float) Math.sqrt(1 - settings.lambda * settings.lambda);
        float step = (float) settings.lambda;
        try (NDManager scope = outer.newSubManager()) {
            NDArray centre = xT.duplicate();
            centre.attach(scope);
            double[] centreScores = null;
            for (int r = 0; r < settings.rounds; r++) {
                List<Long> seeds = new ArrayList<>();
                for (int j = 1; j <= k; j++) {
                    for (long s : batch.seeds()) {
                        seeds.add(neighbourSeed(s, r, j));
                    }
                }
                NDArray z = Seeds.noise(scope, seeds, model.latentShape());
                NDArray neighbours = Scalars.times(centre.tile(new long[] {k, 1, 1, 1}), keep).add(Scalars.times(z, step));
                // the first round also scores the centre itself; later rounds know its score already
                NDArray scored = centreScores == null ? centre.concat(neighbours, 0) : neighbours;
                double[] scores = settings.lookahead > 0
                        ? CandidateImages.scoreLookahead(scored, batch, model, model.ddim(steps).firstSteps(settings.lookahead), cfg, scorer)
                        : CandidateImages.score(scored, batch, model, steps, cfg, sampler, scorer);
                int offset = centreScores == null ? 1 : 0;
                double[] bestScore = new double[b];
                NDArray[] best = new NDArray[b];
                for (int i = 0; i < b; i++) {
                    bestScore[i] = centreScores == null ? scores[i] : centreScores[i];
                    int pick = -1;
                    for (int j = 0; j < k; j++) {
                        double sc = scores[(j + offset) * b + i];
                        if (sc > bestScore[i]) {
                            bestScore[i] = sc;
                            pick = j;
                        }
                    }
                    best[i] = (pick < 0 ? centre.get(i) : neighbours.get((long) pick * b + i)).expandDims(0);
                }
                centre = NDArrays.concat(new NDList(best), 0);
                centreScores = bestScore;
            }
            centre.attach(outer);
            return centre;
        }
    }

    @Override
    public int extraDenoiserCalls() {
        int perCandidate = CandidateImages.callsPerCandidate(settings.lookahead > 0 ? settings.lookahead : steps, cfg);
        return settings.k == 0 ? 0 : (1 + settings.k * settings.rounds) * perCandidate;
    }
}
