package dev.goldennoise.score;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.world.RgbImage;
import me.tongfei.progressbar.ProgressBar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link PreferenceModel} with a symmetric contrastive loss, CLIP-style, sharpened two ways:
 * image → text also competes against the image's hard-negative prompts (a colour, shape, size, count or relation
 * changed), and text → image also competes against a degraded copy of the true image, so the score rewards both
 * alignment and a clean picture. Batch entries that share a prompt are masked out as negatives of each other.
 */
public final class PreferenceTrainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PreferenceTrainingOptions o;

    public PreferenceTrainer(PreferenceTrainingOptions options) {
        this.o = options;
    }

    /** Trains or resumes, evaluates on held-out renders, and writes weights and card; returns the weights file. */
    public Path run(NDManager root) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(o.workDir());
        try (PreferenceModel model = new PreferenceModel(o.config(), root, o.seed())) {
            ParameterSet img = model.imageParams();
            ParameterSet txt = model.textParams();
            AdamW optImg = new AdamW(img, 0.01);
            AdamW optTxt = new AdamW(txt, 0.01);
            Map<String, ParameterSet> sets = Map.of("image.", img, "text.", txt);
            Map<String, AdamW> opts = Map.of("opt.image.", optImg, "opt.text.", optTxt);
            Path ckpt = o.workDir().resolve(o.kind() + ".ckpt.safetensors");
            TrainingCheckpoint.State state = TrainingCheckpoint.load(ckpt, root, sets, opts);
            double lossAvg = state.loss();
            img.requireGradients(true);
            txt.requireGradients(true);
            try (ProgressBar bar = Progress.bar("train " + o.kind(), o.steps(), state.step())) {
                for (int s = state.step(); s < o.steps(); s++) {
                    ScorerBatch batch = ScorerBatch.draw(new Random(o.dataSeed() * 1_000_003L + s), o.batch(), o.negatives());
                    float loss;
                    try (NDManager m = root.newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = loss(model, batch, m);
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                    }
                    double lr = o.lr() * Math.min(1.0, (s + 1) / 100.0) * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * s / o.steps())));
                    optImg.update(lr);
                    optTxt.update(lr);
                    lossAvg = Double.isNaN(lossAvg) ? loss : 0.98 * lossAvg + 0.02 * loss;
                    bar.step();
                    bar.setExtraMessage(String.format("loss %.4f", lossAvg));
                    if ((s + 1) % o.checkpointEvery() == 0 || s + 1 == o.steps()) {
                        double elapsed = state.elapsedSeconds() + (System.nanoTime() - t0) / 1e9;
                        TrainingCheckpoint.save(ckpt, new TrainingCheckpoint.State(s + 1, lossAvg, elapsed), sets, opts);
                    }
                }
            }
            img.requireGradients(false);
            txt.requireGradients(false);
            PreferenceEvaluation.Result eval = PreferenceEvaluation.run(model, root, 400);
            Files.createDirectories(o.outDir());
            Path weights = o.outDir().resolve(o.kind() + ".safetensors");
            PreferenceModelFiles.save(model, o.kind(), weights);
            double elapsed = state.elapsedSeconds() + (System.nanoTime() - t0) / 1e9;
            writeCard(model, weights, lossAvg, elapsed, eval);
            System.out.println(eval.summary());
            return weights;
        }
    }

    static NDArray loss(PreferenceModel model, ScorerBatch batch, NDManager m) {
        int b = batch.prompts().size();
        int k = batch.hardNegatives().size() / b;
        List<RgbImage> images = new ArrayList<>(batch.clean());
        images.addAll(batch.degraded());
        NDArray ei = model.embedImages(ImageBatches.stack(images, m));
        NDArray clean = ei.get("0:" + b);
        NDArray degraded = ei.get(b + ":");
        List<String> texts = new ArrayList<>(batch.prompts());
        texts.addAll(batch.hardNegatives());
        NDArray et = model.embedTexts(texts, m);
        NDArray pos = et.get("0:" + b);
        NDArray hard = et.get(b + ":").reshape(b, k, -1);

        float[] mask = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (i != j && batch.prompts().get(i).equals(batch.prompts().get(j))) {
                    mask[i * b + j] = -1e4f;
                }
            }
        }
        NDArray dupMask = m.create(mask, new Shape(b, b));
        NDArray scale = model.logitScale().exp().clip(1, 100);
        NDArray imageToText = clean.matMul(pos.transpose()).add(dupMask)
                .concat(clean.expandDims(1).mul(hard).sum(new int[] {2}), 1);
        NDArray textToImage = pos.matMul(clean.transpose()).add(dupMask)
                .concat(pos.mul(degraded).sum(new int[] {1}, true), 1);
        return crossEntropyOnDiagonal(imageToText.mul(scale), m).add(crossEntropyOnDiagonal(textToImage.mul(scale), m)).div(2);
    }

    /** Mean cross-entropy of rows (B, N) whose target for row i is column i. */
    private static NDArray crossEntropyOnDiagonal(NDArray logits, NDManager m) {
        long b = logits.getShape().get(0);
        long n = logits.getShape().get(1);
        float[] onehot = new float[(int) (b * n)];
        for (int i = 0; i < b; i++) {
            onehot[(int) (i * n + i)] = 1;
        }
        return logits.logSoftmax(1).mul(m.create(onehot, new Shape(b, n))).sum().div(-b);
    }

    private void writeCard(PreferenceModel model, Path weights, double loss, double elapsed, PreferenceEvaluation.Result eval)
            throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", "goldennoise-" + o.kind());
        card.put("weights", weights.getFileName().toString());
        card.put("score", "100 * cosine(image embedding, prompt embedding); higher is better; range -100..100");
        card.put("config", model.config());
        card.put("parameters", model.imageParams().count() + model.textParams().count());
        card.put("data", Map.of("prompts", "all prompts of the grammar, a category uniformly then a prompt uniformly",
                "renders", "fresh renders per step from data seed " + o.dataSeed(),
                "hard_negatives_per_image", o.negatives(), "quality_negatives_per_image", 1));
        card.put("training", Map.of("steps", o.steps(), "batch", o.batch(), "lr", o.lr(), "seed", o.seed(),
                "loss", "symmetric InfoNCE with hard-negative prompts and degraded images"));
        card.put("final_loss", loss);
        card.put("held_out", eval.toMap());
        card.put("time_seconds", Math.round(elapsed));
        card.putAll(Provenance.now());
        AtomicFiles.writeString(o.outDir().resolve(o.kind() + ".card.json"), JSON.writeValueAsString(card) + "\n");
    }
}
