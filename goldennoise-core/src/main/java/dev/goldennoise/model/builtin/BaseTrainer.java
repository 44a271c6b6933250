package dev.goldennoise.model.builtin;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.Ema;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.RunSettings;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.util.Progress;
import dev.goldennoise.world.WorldVariant;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.tensor.Safetensors;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.CardUse;
import dev.goldennoise.util.ProgressTask;

import java.util.Locale;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains the built-in model in three resumable phases: (1) the autoencoder on rendered scenes, then its latent scale;
 * (2) a cache of encoded training scenes; (3) the text transformer and UNet jointly on DDPM's ε-objective, with
 * prompt dropout for classifier-free guidance and an EMA of the weights. Every phase checkpoints into the work folder
 * and skips what is already done, so a stopped run continues where it was.
 */
public final class BaseTrainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int LATENT = 4 * 16 * 16;

    private final BaseTrainingOptions o;
    private final NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
    private double elapsedBefore;
    private final long startNanos = System.nanoTime();

    public BaseTrainer(BaseTrainingOptions options) {
        this.o = options;
    }

    private Path work(String name) {
        return o.workDir().resolve(name);
    }

    private double elapsed() {
        return elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    /** Runs or resumes every phase and writes the weights and card to the output folder; returns the weights file. */
    public Path run(NDManager root) throws IOException {
        Files.createDirectories(o.workDir());
        boolean resuming = Files.exists(work("autoencoder.safetensors")) || Files.exists(work("autoencoder.ckpt.safetensors"))
                || Files.exists(work("denoiser.ckpt.safetensors"));
        RunSettings.check(work("run.json"), runSettings(), Set.of("unet_steps"), resuming, "train-base");
        AutoencoderConfig ae;
        BuiltinModel parent = o.init() == null ? null : parent(root);
        BuiltinModel model = new BuiltinModel(o.config(), root, o.seed());
        try {
            if (parent != null) {
                model.autoencoder().params().copyFrom(parent.autoencoder().params());
            }
            ae = parent != null && o.aeSteps() == 0 ? keepAutoencoder(model, parent) : trainAutoencoder(model, root);
        } catch (IOException | RuntimeException e) {
            model.close();
            if (parent != null) {
                parent.close();
            }
            throw e;
        }
        BuiltinModel scaled = new BuiltinModel(o.config().withAutoencoder(ae), root, o.seed());
        scaled.autoencoder().params().copyFrom(model.autoencoder().params());
        model.close();
        if (parent != null) {
            // fine-tuning: the denoiser phase (and its weight average) starts from the parent's text encoder and UNet
            scaled.text().params().copyFrom(parent.text().params());
            scaled.unet().params().copyFrom(parent.unet().params());
            parent.close();
        }
        try (scaled) {
            LatentCache cache = latentCache(scaled, root);
            double finalLoss = trainDenoiser(scaled, cache, root);
            Files.createDirectories(o.outDir());
            Path weights = o.outDir().resolve(BuiltinModelFiles.WEIGHTS);
            BuiltinModelFiles.save(scaled, weights);
            writeCard(scaled, finalLoss);
            return weights;
        }
    }

    /** The model to fine-tune from, refused unless its networks are the ones this run trains. */
    private BuiltinModel parent(NDManager root) throws IOException {
        BuiltinModel parent = BuiltinModelFiles.load(o.init(), root);
        BuiltinConfig mine = o.config().withAutoencoder(o.config().autoencoder().withLatentScale(parent.config().autoencoder().latentScale()));
        if (!mine.equals(parent.config())) {
            parent.close();
            throw new IllegalArgumentException("--init " + o.init() + " is a model of another configuration (" + parent.config()
                    + ") than this run trains (" + o.config() + "); fine-tune with the configuration it was trained with");
        }
        return parent;
    }

    /** With --init and no autoencoder steps the parent's autoencoder is kept, latent scale and all. */
    private AutoencoderConfig keepAutoencoder(BuiltinModel model, BuiltinModel parent) throws IOException {
        Path done = work("autoencoder.safetensors");
        double scale = parent.config().autoencoder().latentScale();
        Safetensors.write(done, new LinkedHashMap<>(model.autoencoder().params().prefixed("ae.")), Map.of("latent_scale",
                Double.toString(scale), "elapsed_s", Double.toString(elapsed()), "loss", "NaN"));
        return model.config().autoencoder().withLatentScale(scale);
    }

    // ---------------------------------------------------------------- phase 1: autoencoder

    private AutoencoderConfig trainAutoencoder(BuiltinModel model, NDManager root) throws IOException {
        Path done = work("autoencoder.safetensors");
        ParameterSet p = model.autoencoder().params();
        if (Files.exists(done)) {
            try (NDManager m = root.newSubManager()) {
                Safetensors.Contents c = Safetensors.read(done, m);
                p.load(c.tensors(), "ae.", done.toString());
                elapsedBefore = Double.parseDouble(c.metadata().getOrDefault("elapsed_s", "0"));
                return model.config().autoencoder().withLatentScale(Double.parseDouble(c.metadata().get("latent_scale")));
            }
        }
        AdamW opt = new AdamW(p, 0);
        Path ckpt = work("autoencoder.ckpt.safetensors");
        int start = resume(ckpt, root, Map.of("ae.", p), Map.of("opt.", opt)).step();
        int lastSaved = start;
        p.requireGradients(true);
        double lossAvg = Double.NaN;
        try (ProgressTask bar = Progress.task("autoencoder", o.aeSteps(), start)) {
            for (int s = start; s < o.aeSteps(); s++) {
                Random rnd = new Random(o.seed() * 1_000_003L + s);
                TrainingData.Batch batch = TrainingData.batch(rnd, o.aeBatch(), o.world());
                float loss;
                try (NDManager m = root.newSubManager()) {
                    NDArray x = m.create(batch.images(), new Shape(o.aeBatch(), 3, 64, 64));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = model.autoencoder().decodeRaw(model.autoencoder().encodeRaw(x));
                        NDArray diff = y.sub(x);
                        NDArray l = diff.abs().mean().add(diff.square().mean());
                        loss = l.getFloat();
                        Finite.requireLoss(loss, s + 1, lastSaved);
                        gc.backward(l);
                    }
                }
                opt.update(o.aeLr());
                lossAvg = Double.isNaN(lossAvg) ? loss : 0.98 * lossAvg + 0.02 * loss;
                bar.step();
                bar.message(String.format(Locale.ROOT, "loss %.4f", lossAvg));
                if ((s + 1) % o.checkpointEvery() == 0 && s + 1 < o.aeSteps()) {
                    checkpoint(ckpt, s + 1, lossAvg, Map.of("ae.", p), Map.of("opt.", opt));
                    lastSaved = s + 1;
                }
            }
        }
        p.requireGradients(false);
        double scale = 1.0 / latentStd(model, root);
        Map<String, NDArray> tensors = new LinkedHashMap<>(p.prefixed("ae."));
        Safetensors.write(done, tensors, Map.of("latent_scale", Double.toString(scale), "elapsed_s",
                Double.toString(elapsed()), "loss", Double.toString(lossAvg)));
        Files.deleteIfExists(ckpt);
        return model.config().autoencoder().withLatentScale(scale);
    }

    /** Standard deviation of raw latents over fresh renders: 1/std is the factor that gives the UNet unit variance. */
    private double latentStd(BuiltinModel model, NDManager root) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < 8; i++) {
            TrainingData.Batch batch = TrainingData.batch(new Random(o.seed() + 77_000 + i), 64, o.world());
            try (NDManager m = root.newSubManager()) {
                float[] z = model.autoencoder().encodeRaw(m.create(batch.images(), new Shape(64, 3, 64, 64))).toFloatArray();
                for (float v : z) {
                    sum += v;
                    sumSq += (double) v * v;
                }
                n += z.length;
            }
        }
        double mean = sum / n;
        return Math.sqrt(sumSq / n - mean * mean);
    }

    // ---------------------------------------------------------------- phase 2: latent cache

    record LatentCache(List<String> prompts, float[] latents) {
        int size() {
            return prompts.size();
        }
    }

    /** Encodes the training scenes once: the autoencoder is frozen now, so re-encoding every step would be waste. */
    private LatentCache latentCache(BuiltinModel model, NDManager root) throws IOException {
        Path data = work("latents.f32");
        Path promptsFile = work("latents.prompts.txt");
        int n = o.latentCacheSize();
        if (Files.exists(data) && Files.exists(promptsFile) && Files.size(data) == 4L * n * LATENT) {
            List<String> prompts = Files.readAllLines(promptsFile, StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(data)).order(ByteOrder.LITTLE_ENDIAN);
            float[] lat = new float[n * LATENT];
            buf.asFloatBuffer().get(lat);
            return new LatentCache(prompts, lat);
        }
        List<String> prompts = new ArrayList<>(n);
        float[] lat = new float[n * LATENT];
        int chunk = 64;
        try (ProgressTask bar = Progress.task("encode scenes", n, 0)) {
            for (int i = 0; i < n; i += chunk) {
                int b = Math.min(chunk, n - i);
                TrainingData.Batch batch = TrainingData.batch(new Random(o.seed() * 7_919L + 500_000 + i), b, o.world());
                prompts.addAll(batch.prompts());
                try (NDManager m = root.newSubManager()) {
                    float[] z = model.autoencoder().encode(m.create(batch.images(), new Shape(b, 3, 64, 64))).toFloatArray();
                    System.arraycopy(z, 0, lat, i * LATENT, z.length);
                }
                bar.stepBy(b);
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * lat.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(lat);
        AtomicFiles.write(data, buf.array());
        AtomicFiles.writeString(promptsFile, String.join("\n", prompts) + "\n");
        return new LatentCache(prompts, lat);
    }

    // ---------------------------------------------------------------- phase 3: text encoder + UNet

    private double trainDenoiser(BuiltinModel model, LatentCache cache, NDManager root) throws IOException {
        ParameterSet text = model.text().params();
        ParameterSet unet = model.unet().params();
        AdamW optText = new AdamW(text, 0.01);
        AdamW optUnet = new AdamW(unet, 0.01);
        ParameterSet emaTextSet = new ParameterSet(root, 0);
        ParameterSet emaUnetSet = new ParameterSet(root, 0);
        new TextTransformer(model.text().config(), emaTextSet);
        new UNet(model.unet().config(), emaUnetSet);
        Ema emaText = new Ema(text, emaTextSet, o.emaDecay());
        Ema emaUnet = new Ema(unet, emaUnetSet, o.emaDecay());
        Path ckpt = work("denoiser.ckpt.safetensors");
        Map<String, ParameterSet> sets = new LinkedHashMap<>();
        sets.put("text.", text);
        sets.put("unet.", unet);
        sets.put("ema.text.", emaTextSet);
        sets.put("ema.unet.", emaUnetSet);
        Map<String, AdamW> opts = Map.of("opt.text.", optText, "opt.unet.", optUnet);
        TrainingCheckpoint.State resumed = resume(ckpt, root, sets, opts);
        int start = resumed.step();
        int lastSaved = start;
        double lossAvg = resumed.loss();
        text.requireGradients(true);
        unet.requireGradients(true);
        int batchSize = o.unetBatch();
        try (ProgressTask bar = Progress.task("unet + text", o.unetSteps(), start)) {
            for (int s = start; s < o.unetSteps(); s++) {
                Random rnd = new Random(o.seed() * 1_000_003L + 9_000_000L + s);
                float[] xt = new float[batchSize * LATENT];
                float[] eps = new float[batchSize * LATENT];
                float[] ts = new float[batchSize];
                List<String> prompts = new ArrayList<>(batchSize);
                for (int b = 0; b < batchSize; b++) {
                    int idx = rnd.nextInt(cache.size());
                    int t = rnd.nextInt(schedule.trainSteps());
                    ts[b] = t;
                    double a = schedule.alphaCumprod(t);
                    float sa = (float) Math.sqrt(a);
                    float sn = (float) Math.sqrt(1 - a);
                    for (int j = 0; j < LATENT; j++) {
                        float e = (float) rnd.nextGaussian();
                        eps[b * LATENT + j] = e;
                        xt[b * LATENT + j] = sa * cache.latents()[idx * LATENT + j] + sn * e;
                    }
                    prompts.add(rnd.nextDouble() < o.promptDropout() ? "" : cache.prompts().get(idx));
                }
                float loss;
                try (NDManager m = root.newSubManager()) {
                    Shape shape = new Shape(batchSize, 4, 16, 16);
                    NDArray x = m.create(xt, shape);
                    NDArray target = m.create(eps, shape);
                    NDArray ids = model.tokenize(prompts, m);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pred = model.unet().forward(x, ts, model.text().forward(ids));
                        NDArray l = pred.sub(target).square().mean();
                        loss = l.getFloat();
                        Finite.requireLoss(loss, s + 1, lastSaved);
                        gc.backward(l);
                    }
                }
                double lr = learningRate(s);
                optText.update(lr);
                optUnet.update(lr);
                emaText.update();
                emaUnet.update();
                lossAvg = Double.isNaN(lossAvg) ? loss : 0.99 * lossAvg + 0.01 * loss;
                bar.step();
                bar.message(String.format(Locale.ROOT, "loss %.4f lr %.1e", lossAvg, lr));
                if ((s + 1) % o.checkpointEvery() == 0 || s + 1 == o.unetSteps()) {
                    checkpoint(ckpt, s + 1, lossAvg, sets, opts);
                    lastSaved = s + 1;
                }
            }
        }
        text.requireGradients(false);
        unet.requireGradients(false);
        // the shipped model is the weight average, which samples more cleanly than the last step's weights
        text.copyFrom(emaTextSet);
        unet.copyFrom(emaUnetSet);
        emaTextSet.close();
        emaUnetSet.close();
        return lossAvg;
    }

    /** Everything that shapes the run; only the UNet's step count may grow on a resume (how a run is extended). */
    private Map<String, Object> runSettings() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("config", o.config());
        run.put("ae_steps", o.aeSteps());
        run.put("ae_batch", o.aeBatch());
        run.put("ae_lr", o.aeLr());
        run.put("latent_cache", o.latentCacheSize());
        run.put("unet_steps", o.unetSteps());
        run.put("unet_batch", o.unetBatch());
        run.put("unet_lr", o.unetLr());
        run.put("prompt_dropout", o.promptDropout());
        run.put("ema_decay", o.emaDecay());
        run.put("seed", o.seed());
        // written only when not the defaults, so that runs started before these settings existed still resume
        if (o.world() != WorldVariant.STANDARD) {
            run.put("world", o.world().label());
        }
        if (o.init() != null) {
            run.put("init", initDigest());
        }
        return run;
    }

    private String initDigest() {
        try {
            return FileDigest.sha256(o.init());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Linear warm-up over 200 steps, then cosine decay to a tenth. */
    private double learningRate(int step) {
        int warm = Math.min(200, o.unetSteps() / 10 + 1);
        if (step < warm) {
            return o.unetLr() * (step + 1) / warm;
        }
        double progress = (double) (step - warm) / Math.max(1, o.unetSteps() - warm);
        return o.unetLr() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    // ---------------------------------------------------------------- checkpoints and card

    /** Loads a checkpoint if there is one; its training time counts toward the card's total. */
    private TrainingCheckpoint.State resume(Path ckpt, NDManager root, Map<String, ParameterSet> sets, Map<String, AdamW> opts)
            throws IOException {
        TrainingCheckpoint.State s = TrainingCheckpoint.load(ckpt, root, sets, opts);
        if (s.step() > 0) {
            elapsedBefore = s.elapsedSeconds();
        }
        return s;
    }

    private void checkpoint(Path ckpt, int step, double loss, Map<String, ParameterSet> sets, Map<String, AdamW> opts)
            throws IOException {
        TrainingCheckpoint.save(ckpt, new TrainingCheckpoint.State(step, loss, elapsed()), sets, opts);
    }

    private void writeCard(BuiltinModel model, double finalLoss) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", BuiltinModel.NAME);
        card.put("weights", BuiltinModelFiles.WEIGHTS);
        card.put("config", model.config());
        card.put("parameters", Map.of("text_encoder", model.text().params().count(), "unet", model.unet().params().count(),
                "autoencoder", model.autoencoder().params().count()));
        card.put("data", Map.of(
                "source", "shapes world renders of PromptSets.trainingPool() (held-out pair/position kinds excluded)",
                "world", o.world().label(),
                "category_weights", "single 0.35, pair 0.2, position 0.25, counting 0.2",
                "autoencoder_batches", o.aeSteps() + " x " + o.aeBatch() + " fresh renders",
                "latent_cache", o.latentCacheSize() + " encoded renders"));
        card.put("training", Map.of("autoencoder_steps", o.aeSteps(), "autoencoder_lr", o.aeLr(),
                "unet_steps", o.unetSteps(), "unet_batch", o.unetBatch(), "unet_lr", o.unetLr(),
                "prompt_dropout", o.promptDropout(), "ema_decay", o.emaDecay(), "seed", o.seed(),
                "objective", "epsilon MSE, DDPM 1000 steps, scaled-linear betas 0.00085..0.012"));
        if (o.init() != null) {
            card.put("parent", Map.of("weights", o.init().toString(), "sha256", initDigest()));
        }
        card.put("final_loss", finalLoss);
        card.put("latent_scale", model.config().autoencoder().latentScale());
        card.put("time_seconds", Math.round(elapsed()));
        card.putAll(Provenance.now());
        card.put(CardUse.KEY, BaseCardUse.of(JSON.valueToTree(card)).toMap());
        AtomicFiles.writeString(o.outDir().resolve(BuiltinModelFiles.CARD), JSON.writeValueAsString(card) + "\n");
    }
}
