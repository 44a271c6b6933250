package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.onnx.ExportBatchSize;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.diffusion.SamplingDefaults;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StrategyContext;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.ranker.RankerFiles;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.tensor.NoiseRng;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Sampler settings shared by the commands that generate images. */
public final class SamplingOptions {
    public static final int DEFAULT_STEPS = SamplingDefaults.STEPS;
    public static final double DEFAULT_CFG = SamplingDefaults.CFG;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "" + DEFAULT_STEPS, description = "Sampler steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sampler", paramLabel = "NAME", defaultValue = "ddim",
            description = "ddim, euler or dpmpp-2m, each optionally with :karras for Karras-spaced timesteps, e.g. dpmpp-2m:karras; deterministic, with the model's own timestep settings (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--cfg", paramLabel = "W", defaultValue = "" + DEFAULT_CFG, description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}).")
    double cfg;

    /** The built-in model's 4×16×16 latents fit 64 to a batch easily; an export's do not. */
    public static final int BUILTIN_BATCH = 64;

    @Option(names = "--batch", paramLabel = "N", description = "Images per denoiser batch (default: " + BUILTIN_BATCH
            + " for the built-in model; for an ONNX export, as many as an estimate of one image's memory fits in a quarter"
            + " of this machine's, 1 to " + ExportBatchSize.MAX + ", and 1 on cuda: guidance doubles the batch, and one"
            + " attention map of SD 1.5 at 512² alone takes half a gigabyte).")
    Integer batch;

    /** --batch, or the default for the model {@code option} names, once loaded. */
    public int batch(ModelOption option, DiffusionModel loaded) {
        if (batch != null) {
            return batch;
        }
        return option.isExport() ? ExportBatchSize.forThisMachine(loaded.latentShape(), option.device) : BUILTIN_BATCH;
    }

    public SamplerSpec sampler() {
        try {
            return SamplerSpec.parse(sampler);
        } catch (IllegalArgumentException e) {
            throw new UserError("--sampler: " + e.getMessage());
        }
    }

    public ImagePipeline pipeline(DiffusionModel model, NoiseRng rng, ModelOption option) {
        return new ImagePipeline(model, steps, cfg, batch(option, model), rng, sampler());
    }

    /**
     * What noise strategies are built with: these sampling settings, the preference scorer of {@code scorerDir}
     * (null: the shipped one) for best-of-N, the shipped NPNet weights for these steps ({@link NpnetFiles#defaultFor}) and the shipped ranker.
     */
    public StrategyContext strategyContext(NDManager manager, Path scorerDir) {
        Path dir = scorerDir != null ? scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR);
        return StrategyContext.ofFiles(steps, cfg, dir, Home.dir().resolve(NpnetFiles.defaultFor(steps)),
                Home.dir().resolve(RankerFiles.DEFAULT_FILE), manager, sampler());
    }
}
