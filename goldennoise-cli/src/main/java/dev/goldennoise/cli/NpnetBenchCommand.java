package dev.goldennoise.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.npnet.MatrixTiling;
import dev.goldennoise.npnet.NoiseSvd;
import dev.goldennoise.npnet.official.OfficialLayout;
import dev.goldennoise.npnet.official.OfficialNpnet;
import dev.goldennoise.npnet.official.OfficialNpnetConfig;
import dev.goldennoise.npnet.official.OfficialNpnetFlops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "bench-npnet", mixinStandardHelpOptions = true,
        header = "Time the official NPNet's forward pass at SDXL's size.",
        description = {"Time one forward pass of the official NPNet (the released net's architecture, random weights:"
                + " the time does not depend on them) at batch 1 on a 4×128×128 latent, median of repeated runs after"
                + " warm-up, with its operation count and an SDXL UNet evaluation's estimated from its configuration."})
public final class NpnetBenchCommand implements Callable<Integer> {
    @Option(names = "--text-width", defaultValue = "2048",
            description = "Width of the 77 prompt tokens: 2048 for SDXL and DreamShaper, 1024 for Hunyuan-DiT (default: ${DEFAULT-VALUE}).")
    int textWidth;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() {
        MedianTime.checkRuns(repeats, warmup);
        if (textWidth < 1 || textWidth > 8192) {
            throw new UserError("--text-width must be from 1 to 8192, got " + textWidth);
        }
        OfficialNpnetConfig config = OfficialNpnetConfig.sdxl(textWidth);
        System.out.printf("machine: %d cores, %s %s, Java %s, DJL %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                Engine.getDjlVersion());
        long params = OfficialLayout.required(config).values().stream()
                .mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        OfficialNpnetFlops flops = OfficialNpnetFlops.of(config);
        System.out.printf("official NPNet, %s, %s: %,d parameters read by the forward pass%n", config.describe(),
                config.swin(), params);
        System.out.printf("operations per image (multiply-add = 2): %.2f GFLOP = SVD of the %d×%d matrix %.2f (21·n³, an"
                        + " estimate) + rest of the SVD branch %.2f + Swin %.2f + text injection and 1×1 convolutions %.3f%n",
                flops.total() / 1e9, config.matrix(), config.matrix(), flops.decomposition() / 1e9, flops.svdBranch() / 1e9,
                flops.swin() / 1e9, flops.other() / 1e9);
        try (NDManager root = NDManager.newBaseManager(); OfficialNpnet net = OfficialNpnet.random(config, root, 0)) {
            NDArray xT = root.randomNormal(new Shape(1, OfficialNpnetConfig.CHANNELS, config.resolution(), config.resolution()));
            NDArray text = root.randomNormal(new Shape(1, 77, textWidth));
            float[] x = xT.toFloatArray();
            MatrixTiling tiling = MatrixTiling.of(OfficialNpnetConfig.CHANNELS, config.resolution(), config.resolution());
            double svdMs = median(() -> NoiseSvd.of(x, 1, tiling));
            double ms = median(() -> net.forward(xT, text).close());
            System.out.printf("forward, batch 1: %.0f ms median of %d (the SVD of x_T alone, EJML in double: %.0f ms),"
                    + " %.1f GFLOP/s%n", ms, repeats, svdMs, flops.total() / (ms / 1000) / 1e9);
            double unet = SdxlUnetFlops.perEvaluation(config.resolution());
            double stepMs = 2 * unet / (flops.total() / (ms / 1000)) * 1000;
            System.out.printf("SDXL UNet, one evaluation at 1024² (estimate from its configuration, not measured): %.1f TFLOP;"
                            + " a CFG step (2 evaluations) at this forward's GFLOP/s would take about %.0f s, so NPNet would be"
                            + " about %.2f%% of one step and %.3f%% of 50 steps (estimates)%n",
                    unet / 1e12, stepMs / 1000, 100 * ms / stepMs, 100 * ms / (50 * stepMs));
        }
        return 0;
    }

    private double median(Runnable work) {
        return MedianTime.millis(work, warmup, repeats);
    }
}
