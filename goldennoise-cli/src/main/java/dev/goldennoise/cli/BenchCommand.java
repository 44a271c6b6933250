package dev.goldennoise.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.model.builtin.UNetFlops;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NpnetNoise;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.npnet.NpnetFiles;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Time the built-in model's networks on this machine.",
        description = {"Time the built-in model's networks on this machine (median of repeated runs after warm-up):",
                "UNet forward per image at batch 1 and 64, CFG sampling at batch 64 for each --steps with the NPNet plain npnet"
                        + " means at that step count and its share of the sampling time, and a training step.",
                "The UNet forwards are also given as GFLOP/s and as a share of this machine's fp32 GEMM rate."})
public final class BenchCommand implements Callable<Integer> {
    /** Large enough that the matmul runs at the engine's peak rather than its per-call overhead. */
    private static final int GEMM_SIZE = 2048;
    private static final int SHORT_WARMUP = 30;
    private static final int SHORT_REPEATS = 25;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per measurement; NPNet's short runs at least 25 (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first; NPNet's at least 30 (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--train-batch", defaultValue = "32", description = "Batch of the timed training step (default: ${DEFAULT-VALUE}).")
    int trainBatch;

    @Option(names = "--steps", split = ",", defaultValue = "4,8,20",
            description = "Sampling step counts to time, each with the NPNet plain npnet means there (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--npnet", paramLabel = "FILE", description = "Time the NPNet of these weights at every step count instead"
            + " of the one plain npnet means there (a candidate's cost before it is shipped).")
    Path npnet;

    @Override
    public Integer call() {
        MedianTime.checkRuns(repeats, warmup);
        for (int st : steps) {
            if (st < 1 || st > 1000) {
                throw new UserError("--steps must be step counts from 1 to 1000, got " + st);
            }
        }
        if (npnet != null) {
            checkWeights(npnet);
        }
        if (trainBatch < 1 || trainBatch > 4096) {
            throw new UserError("--train-batch must be from 1 to 4096, got " + trainBatch);
        }
        BuiltinConfig config = BuiltinConfig.standard();
        System.out.printf("machine: %d cores, %s %s, Java %s, DJL %s, PyTorch threads intra default / inter-op %s%n",
                java.lang.Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), Engine.getDjlVersion(), System.getProperty("ai.djl.pytorch.num_interop_threads"));
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel model = new BuiltinModel(config, root, 0)) {
            System.out.printf("UNet %,d parameters, text encoder %,d, autoencoder %,d (random weights: timing does not depend on them)%n",
                    model.unet().params().count(), model.text().params().count(), model.autoencoder().params().count());
            Shape latentShape = model.latentShape();
            UNetFlops.Count flops = UNetFlops.perImage(config.unet(), (int) latentShape.get(1), (int) latentShape.get(2),
                    model.tokenizer().maxLength());
            System.out.printf("UNet forward FLOPs per image: %.3f GFLOP (convolutions %.3f, linear layers %.3f, "
                            + "attention matmuls %.3f; norms and elementwise ops not counted)%n",
                    flops.total() / 1e9, flops.convolutions() / 1e9, flops.linear() / 1e9, flops.attention() / 1e9);
            double gemmMs;
            try (NDManager m = root.newSubManager()) {
                NDArray a = m.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
                NDArray b = m.randomUniform(-1, 1, new Shape(GEMM_SIZE, GEMM_SIZE));
                gemmMs = median(() -> gemm(a, b));
            }
            double gemmRate = 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / (gemmMs / 1000) / 1e9;
            System.out.printf("fp32 GEMM rate (%d×%d matmul): %.1f GFLOP/s%n", GEMM_SIZE, GEMM_SIZE, gemmRate);
            for (int b : new int[] {1, 64}) {
                UnetInputs in = UnetInputs.of(model, root, b);
                double ms = median(() -> unetForward(model, root, in));
                double rate = flops.total() * b / (ms / 1000) / 1e9;
                System.out.printf("UNet forward, batch %-3d %9.1f ms per batch %8.2f ms per image, achieved %.1f GFLOP/s, %.0f%% of GEMM%n",
                        b, ms, ms / b, rate, 100 * rate / gemmRate);
            }
            DiffusionModel dm = model.asDiffusionModel();
            List<ImagePipeline.Job> jobs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                jobs.add(new ImagePipeline.Job("a red circle", i));
            }
            List<String> prompts = Collections.nCopies(64, "a red circle");
            for (int st : steps) {
                ImagePipeline pipeline = new ImagePipeline(dm, st, SamplingOptions.DEFAULT_CFG, 64);
                double sampleMs = median(() -> pipeline.generate(jobs, new StandardNoise(), root, n -> { }));
                System.out.printf("%d-step CFG sampling, batch 64 (text, %d UNet evaluations per image, decode) %8.0f ms %6.1f images/s%n",
                        st, 2 * st, sampleMs, 64 / (sampleMs / 1000));
                benchNpnet(dm, root, prompts, st, sampleMs);
            }
            AdamW optText = new AdamW(model.text().params(), 0.01);
            AdamW optUnet = new AdamW(model.unet().params(), 0.01);
            double trainMs = median(() -> trainStep(model, optText, optUnet, root, trainBatch));
            System.out.printf("training step, batch %d (text encoder + UNet forward, backward, AdamW) %8.1f ms%n", trainBatch, trainMs);
        }
        return 0;
    }

    /**
     * Times what {@code npnet} adds to an image at {@code st} steps: the SVDs and the forward pass of the student plain
     * {@code npnet} means there, with that file's configuration (random weights, as everywhere in this bench). The
     * prompt's tokens are encoded before the timed runs because the pipeline hands the strategy the tokens the sampler
     * encodes anyway, so encoding them is not part of NPNet's cost.
     */
    private void benchNpnet(DiffusionModel dm, NDManager root, List<String> prompts, int st, double sampleMs) {
        long[] latent = dm.latentShape().getShape();
        Path file = npnet != null ? npnet.toAbsolutePath().normalize() : Home.dir().resolve(NpnetFiles.defaultFor(st));
        NpnetConfig config;
        String source;
        try {
            config = NpnetFiles.config(file, root);
            source = (file.startsWith(Home.dir()) ? Home.dir().relativize(file) : file) + "'s configuration";
        } catch (IOException e) {
            config = NpnetConfig.standard((int) latent[0], (int) latent[1], (int) latent[2], dm.textEncoder().tokens(), dm.textEncoder().width());
            source = "the standard configuration (" + file + " not readable)";
        }
        try (Npnet net = new Npnet(config, root, 0); NDManager m = root.newSubManager()) {
            NpnetNoise golden = NpnetNoise.of(net);
            NDArray xT = Seeds.noise(m, LongStream.range(0, 64).boxed().toList(), dm.latentShape());
            NDArray tokens = dm.textEncoder().encode(prompts, m).tokens();
            // tens of milliseconds a run: more runs than the sampling gets, so that JIT warm-up and one slow run
            // do not decide a share of a few per cent
            double npnetMs = MedianTime.millis(() -> {
                try (NDManager run = m.newSubManager()) {
                    NDArray x = xT.duplicate();
                    x.attach(run);
                    golden.golden(x, tokens, dm).toFloatArray();
                }
            }, Math.max(warmup, SHORT_WARMUP), Math.max(repeats, SHORT_REPEATS));
            System.out.printf("NPNet for %d steps, batch 64 (%s: SVDs and forward on the sampler's tokens) %8.1f ms, %.1f%% of %d-step CFG sampling%n",
                    st, source, npnetMs, 100 * npnetMs / sampleMs, st);
        }
    }

    /** Refused before any timing: an unreadable file would otherwise surface only after minutes of UNet runs. */
    private static void checkWeights(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new UserError("--npnet " + file + " not found; pass NPNet weights written by ./goldennoise train-npnet");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NpnetFiles.config(file, m);
        } catch (IOException | RuntimeException e) {
            throw new UserError("--npnet " + file + " is not readable NPNet weights (" + e.getMessage() + ")");
        }
    }

    private double median(Runnable work) {
        return MedianTime.millis(work, warmup, repeats);
    }

    /** Reading one element back waits for the engine, so the time is the product's even where ops run asynchronously. */
    private static void gemm(NDArray a, NDArray b) {
        // closed here: the product belongs to a's manager, which lives for all the runs
        try (NDArray c = a.matMul(b); NDArray corner = c.get(0, 0)) {
            corner.toFloatArray();
        }
    }

    /**
     * The UNet's inputs, prepared once outside the timed runs so the time covers exactly the layers UNetFlops counts
     * (the text encoder's share would otherwise inflate the time without being in the count).
     */
    private record UnetInputs(float[] noise, Shape noiseShape, float[] text, Shape textShape, float[] timesteps) {
        static UnetInputs of(BuiltinModel model, NDManager root, int batch) {
            try (NDManager m = root.newSubManager()) {
                NDArray x = Seeds.noise(m, LongStream.range(0, batch).boxed().toList(), model.latentShape());
                NDArray text = model.text().forward(model.tokenize(Collections.nCopies(batch, "a red circle"), m));
                float[] ts = new float[batch];
                Arrays.fill(ts, 500);
                return new UnetInputs(x.toFloatArray(), x.getShape(), text.toFloatArray(), text.getShape(), ts);
            }
        }
    }

    private static void unetForward(BuiltinModel model, NDManager root, UnetInputs in) {
        // a fresh manager per run: the forward's intermediates attach to their input's manager and are freed with it
        try (NDManager m = root.newSubManager()) {
            NDArray x = m.create(in.noise(), in.noiseShape());
            NDArray text = m.create(in.text(), in.textShape());
            model.unet().forward(x, in.timesteps(), text).toFloatArray();
        }
    }

    private static void trainStep(BuiltinModel model, AdamW optText, AdamW optUnet, NDManager root, int batch) {
        model.text().params().requireGradients(true);
        model.unet().params().requireGradients(true);
        try (NDManager m = root.newSubManager()) {
            NDArray x = Seeds.noise(m, LongStream.range(0, batch).boxed().toList(), model.latentShape());
            float[] ts = new float[batch];
            Arrays.fill(ts, 500);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray pred = model.unet().forward(x, ts, model.text().forward(model.tokenize(Collections.nCopies(batch, "a red circle"), m)));
                gc.backward(pred.sub(x).square().mean());
            }
            optText.update(0);
            optUnet.update(0);
        } finally {
            model.text().params().requireGradients(false);
            model.unet().params().requireGradients(false);
        }
    }
}
