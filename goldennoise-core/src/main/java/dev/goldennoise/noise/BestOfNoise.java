package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The search baseline every golden-noise paper compares against: sample N noises per (prompt, seed), make each
 * one's image with the standard sampler, and keep the noise whose image the scorer likes best. Candidate 0 is x_T
 * itself, so best-of-1 is standard sampling; the others come from seeds mixed from the item's seed and the
 * candidate number. It costs N full samplings more than standard (the chosen noise is sampled again by the caller).
 *
 * <p>{@code best-of-N:preview=K} ranks the candidates by the images of a K-step sampler instead (the same guidance):
 * the layout a noise sets up is mostly decided in the first steps, so a short preview may pick nearly as well at a
 * fraction of the cost, N·K instead of N·steps sampler steps.
 */
public final class BestOfNoise implements NoiseStrategy {
    public static final String PREFIX = "best-of-";
    public static final int MAX_N = 256;

    private final int n;
    private final int preview;
    private final int steps;
    private final double cfg;
    private final Scorer scorer;
    private final Path scorerFile;
    private final SamplerSpec sampler;

    public BestOfNoise(int n, int steps, double cfg, Scorer scorer) {
        this(n, 0, steps, cfg, scorer, null);
    }

    /**
     * @param preview    sampler steps of the images candidates are ranked by; 0 for the full {@code steps}
     * @param scorerFile the scorer's weights, when it has a file, for {@link #weightFiles()}
     */
    public BestOfNoise(int n, int preview, int steps, double cfg, Scorer scorer, Path scorerFile) {
        this(n, preview, steps, cfg, scorer, scorerFile, SamplerSpec.DDIM);
    }

    /** @param sampler the sampler candidates are ranked through: the one the final image will use */
    public BestOfNoise(int n, int preview, int steps, double cfg, Scorer scorer, Path scorerFile, SamplerSpec sampler) {
        this.n = checkN(n);
        if (preview < 0 || preview > 1000) {
            throw new IllegalArgumentException("best-of-N preview steps must be from 1 to 1000 (or left out for full sampling), got " + preview);
        }
        this.preview = preview == steps ? 0 : preview;
        this.steps = steps;
        this.cfg = cfg;
        this.scorer = scorer;
        this.scorerFile = scorerFile;
        this.sampler = sampler;
    }

    /** N itself, or the error that says why it is refused. */
    static int checkN(int n) {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException("best-of-N needs N from 1 to " + MAX_N + " (every candidate of a batch is"
                    + " sampled and held in memory at once), got " + n);
        }
        return n;
    }

    @Override
    public List<Path> weightFiles() {
        return scorerFile == null ? List.of() : List.of(scorerFile);
    }

    @Override
    public String name() {
        return PREFIX + n + (preview == 0 ? "" : ":preview=" + preview);
    }

    /** What {@code best-of-N[:preview=K]} says: N, and the preview steps (0: full sampling). */
    record Spec(int n, int preview) {}

    /** Parses {@code best-of-N} or {@code best-of-N:preview=K}. */
    static Spec parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon);
        int n;
        try {
            n = Integer.parseInt(head.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("best-of-N needs a number N, e.g. best-of-4; got '" + spec + "'");
        }
        checkN(n);
        StrategyOptions o = StrategyOptions.parse(s, head, "best-of-N", List.of("preview"));
        int preview = o.integer("preview", 0);
        if (colon >= 0 && preview < 1) {
            throw new IllegalArgumentException("best-of-N preview steps must be at least 1, got " + preview);
        }
        return new Spec(n, preview);
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
        try (NDManager scope = outer.newSubManager()) {
            NDArray all = candidates(xT, batch, n, model, scope);
            double[] scores = CandidateImages.score(all, batch, model, preview == 0 ? steps : preview, cfg, sampler, scorer);
            NDArray out = pickBest(all, batch.size(), n, scores);
            out.attach(outer);
            return out;
        }
    }

    /**
     * x_T and the N − 1 other candidates of every item, (N·B, C, H, W), candidate k of item i at row k·B + i, in
     * {@code scope} (x_T is attached there for the scope's life).
     */
    static NDArray candidates(NDArray xT, NoiseBatch batch, int n, DiffusionModel model, NDManager scope) {
        List<Long> seeds = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            for (long s : batch.seeds()) {
                seeds.add(candidateSeed(s, k));
            }
        }
        NDArray others = Seeds.noise(scope, seeds, model.latentShape());
        xT.tempAttach(scope);
        return xT.concat(others, 0);
    }

    /** Each item's candidate of the highest score (the first of equals), (B, C, H, W); scores laid out as the rows. */
    static NDArray pickBest(NDArray all, int b, int n, double[] scores) {
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
        return NDArrays.concat(new ai.djl.ndarray.NDList(chosen), 0);
    }

    @Override
    public int extraDenoiserCalls() {
        return n * CandidateImages.callsPerCandidate(preview == 0 ? steps : preview, cfg);
    }
}
