package dev.goldennoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.diffusion.SamplingDefaults;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.BuiltinModelFiles;
import dev.goldennoise.model.onnx.OnnxModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StrategyContext;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.ranker.RankerFiles;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.tensor.NoiseRng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's front door: golden noise for a prompt and a seed, without sampling an image.
 *
 * <pre>{@code
 * try (GoldenNoise golden = GoldenNoise.builtin(Path.of("/path/to/goldennoise"))) {
 *     GoldenLatent latent = golden.noise("a red circle left of a blue square", 7);
 * }
 * }</pre>
 *
 * The strategy is any name the command line's {@code --noise} takes ({@code npnet} by default); the noises are the
 * ones {@code goldennoise noise} writes for the same model, prompt, seed and settings.
 */
public final class GoldenNoise implements AutoCloseable {
    /** The strategy used unless another is named: the shipped NPNet. */
    public static final String DEFAULT_STRATEGY = "npnet";

    private final NDManager manager;
    private final AutoCloseable model;
    private final DiffusionModel diffusion;
    private final Path home;
    private final NoiseRng rng;
    private NoiseStrategy strategy;

    private GoldenNoise(NDManager manager, AutoCloseable model, DiffusionModel diffusion, Path home, NoiseRng rng) {
        this.manager = manager;
        this.model = model;
        this.diffusion = diffusion;
        this.home = home;
        this.rng = rng;
    }

    /**
     * The built-in model and the shipped NPNet and scorers under {@code home}, the folder that holds {@code models/}
     * (a checkout of goldennoise). Seeds draw x_T as the command line does for this model ({@code --rng java}).
     */
    public static GoldenNoise builtin(Path home) throws IOException {
        Path weights = home.resolve(BuiltinModelFiles.DEFAULT_DIR).resolve(BuiltinModelFiles.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("no built-in model at " + weights + "; pass the goldennoise folder that holds models/");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            BuiltinModel model = BuiltinModelFiles.load(weights, manager);
            return new GoldenNoise(manager, model, model.asDiffusionModel(), home, NoiseRng.JAVA).using(DEFAULT_STRATEGY);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A Stable Diffusion export (a diffusers ONNX folder) on the CPU, with NPNet weights trained for it ({@code
     * npnet}: the strategy {@code npnet:FILE}). Seeds draw x_T as torch does on the CPU, so seed N is diffusers' seed N.
     */
    public static GoldenNoise export(Path folder, Path npnet) throws IOException {
        if (!OnnxModel.isExport(folder)) {
            throw new IllegalArgumentException(folder + " is not an ONNX export (model_index.json with unet/model.onnx)");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            OnnxModel model = OnnxModel.load(folder, "cpu");
            return new GoldenNoise(manager, model, model.model(), folder, NoiseRng.TORCH).using("npnet:" + npnet);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Switches to another strategy, named as {@code --noise} names it (for example {@code search:k=3:lambda=0.7}). */
    public GoldenNoise using(String strategyName) {
        StrategyContext context = StrategyContext.ofFiles(SamplingDefaults.STEPS, SamplingDefaults.CFG,
                home.resolve(PreferenceModelFiles.DEFAULT_DIR), home.resolve(NpnetFiles.defaultFor(SamplingDefaults.STEPS)),
                home.resolve(RankerFiles.DEFAULT_FILE), manager, SamplerSpec.DDIM);
        this.strategy = NoiseStrategies.byName(strategyName, context);
        return this;
    }

    /** The golden noise of one prompt and seed. */
    public GoldenLatent noise(String prompt, long seed) {
        return noises(List.of(prompt), List.of(seed)).get(0);
    }

    /** The golden noise of every prompt with every seed, prompts outermost; batched on the model. */
    public List<GoldenLatent> noises(List<String> prompts, List<Long> seeds) {
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (String p : prompts) {
            for (long s : seeds) {
                jobs.add(new ImagePipeline.Job(p, s));
            }
        }
        long[] latent = diffusion.latentShape().getShape();
        long[] shape = {1, latent[0], latent[1], latent[2]};
        List<GoldenLatent> out = new ArrayList<>();
        ImagePipeline pipeline = new ImagePipeline(diffusion, SamplingDefaults.STEPS, SamplingDefaults.CFG, 8, rng);
        pipeline.noises(jobs, strategy, manager, done -> {}, (batch, xT, golden) -> {
            for (int i = 0; i < batch.size(); i++) {
                out.add(new GoldenLatent(batch.get(i).prompt(), batch.get(i).seed(), shape.clone(),
                        row(xT, i), row(golden, i)));
            }
        });
        return out;
    }

    private static float[] row(NDArray batch, int i) {
        try (NDArray r = batch.get(i)) {
            return r.toFloatArray();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            model.close();
        } finally {
            manager.close();
        }
    }
}
