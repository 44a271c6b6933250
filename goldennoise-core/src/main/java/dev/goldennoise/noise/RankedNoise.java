package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.ranker.NoiseRanker;
import dev.goldennoise.ranker.RankerFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Best-of-N without sampling: the same N candidates best-of-N draws (x_T first), ranked by a learned
 * {@link NoiseRanker} that predicts from each noise and the prompt how the preference scorer would score its image,
 * and the one ranked highest is returned. No denoiser call; the ranker's passes cost a small share of one sampling.
 *
 * <p>Spelled {@code rank} (the ranker at {@code models/ranker/ranker.safetensors}, 8 candidates), {@code rank:n=16},
 * or {@code rank:file=PATH:n=16}. {@code n=1} returns x_T. No ranker is shipped: trained on the built-in model's
 * scored candidates it orders new ones at chance (docs/GOLDEN_NOISE.md, sixth round).
 */
public final class RankedNoise implements NoiseStrategy {
    public static final String NAME = "rank";
    public static final int DEFAULT_N = 8;
    /** Candidate rows the ranker reads at once. */
    static final int CHUNK = 512;

    private final int n;
    private final Path weights;
    private final String name;
    private final NDManager manager;
    private NoiseRanker ranker;

    private RankedNoise(int n, Path weights, String name, NDManager manager, NoiseRanker ranker) {
        this.n = BestOfNoise.checkN(n);
        this.weights = weights;
        this.name = name;
        this.manager = manager;
        this.ranker = ranker;
    }

    static RankedNoise load(String spec, StrategyContext context) {
        StrategyOptions o = StrategyOptions.parse(spec, NAME, "rank", List.of("n", "file"));
        int n = o.integer("n", DEFAULT_N);
        String given = o.text("file", null);
        Path file = given != null ? Path.of(given) : context.defaultRanker();
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("noise ranker weights not found at " + file
                    + "; train them with ./goldennoise train-ranker, or pass rank:file=PATH");
        }
        return new RankedNoise(n, file, NAME + ":n=" + n + (given != null ? ":file=" + given : ""), context.manager(), null);
    }

    /** A strategy around a ranker already in memory. */
    public static RankedNoise of(NoiseRanker ranker, int n) {
        return new RankedNoise(n, null, NAME + ":n=" + n, null, ranker);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Path> weightFiles() {
        return weights == null ? List.of() : List.of(weights);
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        if (n == 1) {
            return xT;
        }
        NDManager outer = xT.getManager();
        int b = batch.size();
        try (NDManager scope = outer.newSubManager()) {
            NDArray all = BestOfNoise.candidates(xT, batch, n, model, scope);
            NDArray text = batch.cond().tokens().tile(new long[] {n, 1, 1}); // row k·B + i holds prompt i, as the candidates
            text.attach(scope);
            double[] predicted = new double[n * b];
            NoiseRanker net = network(model);
            for (int first = 0; first < n * b; first += CHUNK) {
                int last = Math.min(n * b, first + CHUNK);
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray x = all.get(first + ":" + last);
                    NDArray t = text.get(first + ":" + last);
                    x.attach(chunk);
                    t.attach(chunk);
                    float[] f = net.forward(x, t).toFloatArray();
                    for (int r = 0; r < f.length; r++) {
                        predicted[first + r] = f[r];
                    }
                }
            }
            NDArray out = BestOfNoise.pickBest(all, b, n, predicted);
            out.attach(outer);
            return out;
        }
    }

    private synchronized NoiseRanker network(DiffusionModel model) {
        if (ranker == null) {
            long[] s = model.latentShape().getShape();
            try {
                ranker = RankerFiles.load(weights, (int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(),
                        model.textEncoder().width(), manager);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return ranker;
    }

    @Override
    public int extraDenoiserCalls() {
        return 0;
    }
}
