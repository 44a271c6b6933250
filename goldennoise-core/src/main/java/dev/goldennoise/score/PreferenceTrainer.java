package dev.goldennoise.score;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.RunSettings;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.world.Category;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.util.CardUse;
import dev.goldennoise.util.ProgressTask;
import dev.goldennoise.tensor.Scalars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains a {@link PreferenceModel} with a symmetric contrastive loss, CLIP-style, sharpened three ways:
 * image → text also competes against the image's hard-negative prompts (a colour, shape, size, count or relation
 * changed, relations and counts oversampled), and text → image also competes against a degraded copy of the true
 * image and a render of one of its hard negatives, so the score rewards alignment, layout and a clean picture. Batch
 * entries that share a prompt are masked out as negatives of each other.
 */
public final class PreferenceTrainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();
    private static final int VALIDATION_RENDERS = 200;
    /** Other prompts (and other images) of the batch each pair competes with in the matching head's loss. */
    private static final int MATCH_BATCH_CANDIDATES = 7;

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
            RunSettings.check(o.workDir().resolve(o.kind() + ".run.json"), runSettings(), Set.of("steps"), Files.exists(ckpt),
                    o.kind() + " scorer");
            TrainingCheckpoint.State state = TrainingCheckpoint.load(ckpt, root, sets, opts);
            if (state.step() == 0 && o.init() != null) {
                startFrom(model, o.init(), o.initTowers(), root);
            }
            double lossAvg = state.loss();
            int lastSaved = state.step();
            img.requireGradients(true);
            txt.requireGradients(true);
            try (ProgressTask bar = Progress.task("train " + o.kind(), o.steps(), state.step())) {
                for (int s = state.step(); s < o.steps(); s++) {
                    ScorerBatch batch = ScorerBatch.draw(new Random(o.dataSeed() * 1_000_003L + s), o.batch(), o.negatives(), o.kindWeights(),
                            s < o.positionFirst() ? List.of(Category.POSITION) : List.of(Category.values()));
                    float loss;
                    try (NDManager m = root.newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = loss(model, batch, m);
                            loss = l.getFloat();
                            Finite.requireLoss(loss, s + 1, lastSaved);
                            gc.backward(l);
                        }
                    }
                    double schedule = Math.min(1.0, (s + 1) / 100.0) * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * s / o.steps())));
                    optImg.update(o.imageLr() * schedule);
                    optTxt.update(o.lr() * schedule);
                    lossAvg = Double.isNaN(lossAvg) ? loss : 0.98 * lossAvg + 0.02 * loss;
                    bar.step();
                    bar.message(String.format(Locale.ROOT, "loss %.4f", lossAvg));
                    if ((s + 1) % o.checkpointEvery() == 0 || s + 1 == o.steps()) {
                        double elapsed = state.elapsedSeconds() + (System.nanoTime() - t0) / 1e9;
                        TrainingCheckpoint.save(ckpt, new TrainingCheckpoint.State(s + 1, lossAvg, elapsed), sets, opts);
                        lastSaved = s + 1;
                    }
                    if (o.validateEvery() > 0 && (s + 1) % o.validateEvery() == 0 && s + 1 < o.steps()) {
                        validate(model, root, s + 1, lossAvg);
                    }
                }
            }
            img.requireGradients(false);
            txt.requireGradients(false);
            PreferenceEvaluation.Result eval = PreferenceEvaluation.run(model, root, o.heldOutRenders());
            Files.createDirectories(o.outDir());
            Path weights = o.outDir().resolve(o.kind() + ".safetensors");
            PreferenceModelFiles.save(model, o.kind(), weights);
            double elapsed = state.elapsedSeconds() + (System.nanoTime() - t0) / 1e9;
            writeCard(model, weights, lossAvg, elapsed, eval);
            System.out.println("held-out, " + eval.summary());
            return weights;
        }
    }

    /**
     * Accuracy on validation renders (a seed range of their own, not the held-out one the card reports), printed and
     * appended to {@code KIND.validation.jsonl} in the work folder, so a long run can be watched while it trains.
     */
    private void validate(PreferenceModel model, NDManager root, int step, double loss) throws IOException {
        model.imageParams().requireGradients(false);
        model.textParams().requireGradients(false);
        PreferenceEvaluation.Result r = PreferenceEvaluation.run(model, root, VALIDATION_RENDERS, PreferenceEvaluation.VALIDATION_SEED);
        model.imageParams().requireGradients(true);
        model.textParams().requireGradients(true);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("loss", loss);
        line.putAll(r.toMap());
        Path file = o.workDir().resolve(o.kind() + ".validation.jsonl");
        Files.writeString(file, LINE.writeValueAsString(line) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.err.println("\nstep " + step + " validation, " + r.summary());
    }

    /**
     * Fine-tuning: the weights of {@code init}, whose towers must have this run's configuration, replace the
     * initialisation. Its head may differ: a cosine scorer's towers can start a matching-head scorer, whose head then
     * starts from its seeded initialisation.
     */
    private static void startFrom(PreferenceModel model, Path init, Set<String> towers, NDManager root) throws IOException {
        try (NDManager scratch = root.newSubManager(); PreferenceModel start = PreferenceModelFiles.load(init, scratch)) {
            if (!start.config().sameTowers(model.config())) {
                throw new IllegalArgumentException("--init " + init + " holds a scorer of another configuration (" + start.config()
                        + ") than this run's (" + model.config() + ")");
            }
            if (towers.contains("image")) {
                Set<String> fresh = model.imageParams().copyShared(start.imageParams());
                if (!fresh.stream().allMatch(n -> n.startsWith("match."))) {
                    throw new IllegalArgumentException("--init " + init + " lacks image weights " + fresh + " of this run's configuration");
                }
            }
            if (towers.contains("text")) {
                model.textParams().copyFrom(start.textParams());
            }
        }
    }

    private Map<String, Object> runSettings() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("kind", o.kind());
        run.put("config", o.config());
        run.put("steps", o.steps());
        run.put("batch", o.batch());
        run.put("negatives", o.negatives());
        run.put("kind_weights", new TreeMap<>(o.kindWeights()));
        if (o.init() != null) {
            run.put("init", o.init().toAbsolutePath().normalize().toString());
            run.put("init_towers", new java.util.TreeSet<>(o.initTowers()));
        }
        if (o.positionFirst() > 0) {
            run.put("position_first", o.positionFirst());
        }
        run.put("lr", o.lr());
        run.put("image_lr", o.imageLr());
        run.put("seed", o.seed());
        run.put("data_seed", o.dataSeed());
        return run;
    }

    static NDArray loss(PreferenceModel model, ScorerBatch batch, NDManager m) {
        int b = batch.prompts().size();
        int k = batch.hardNegatives().size() / b;
        List<RgbImage> images = new ArrayList<>(batch.clean());
        images.addAll(batch.degraded());
        images.addAll(batch.counterfactual());
        PreferenceModel.Encoded encodedImages = model.encodeImages(ImageBatches.stack(images, m));
        NDArray ei = encodedImages.embedding();
        NDArray clean = ei.get("0:" + b);
        NDArray degraded = ei.get(b + ":" + 2 * b);
        NDArray counterfactual = ei.get(2 * b + ":");
        List<String> texts = new ArrayList<>(batch.prompts());
        texts.addAll(batch.hardNegatives());
        PreferenceModel.Encoded encodedTexts = model.encodeTexts(texts, m);
        NDArray et = encodedTexts.embedding();
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
        // starting from an array of m keeps the results in m: an op on the weight itself would belong to the
        // weights' manager and pile up there, one per step
        NDArray scale = m.zeros(new Shape(1)).add(model.logitScale()).exp().clip(1, 100);
        NDArray imageToText = clean.matMul(pos.transpose()).add(dupMask)
                .concat(clean.expandDims(1).mul(hard).sum(new int[] {2}), 1);
        NDArray textToImage = pos.matMul(clean.transpose()).add(dupMask)
                .concat(pos.mul(degraded).sum(new int[] {1}, true), 1)
                .concat(pos.mul(counterfactual).sum(new int[] {1}, true), 1);
        NDArray contrastive = Scalars.over(crossEntropyOnDiagonal(imageToText.mul(scale), m).add(crossEntropyOnDiagonal(textToImage.mul(scale), m)), 2);
        return model.hasMatchHead() ? contrastive.add(matchLoss(model, batch, encodedImages, encodedTexts, m)) : contrastive;
    }

    /**
     * The matching head's loss: each clean image ranks its prompt first among its hard negatives and a few other
     * prompts of the batch; each prompt ranks its clean image first among the degraded copy, the counterfactual render
     * and a few other images of the batch. The contrastive loss on the embeddings stays beside it, as BLIP keeps its
     * contrastive loss beside matching, so the towers learn colours and shapes from the whole batch while the head
     * learns to bind them. Only a few in-batch candidates, as every pair costs a pass of the head.
     */
    static NDArray matchLoss(PreferenceModel model, ScorerBatch batch, PreferenceModel.Encoded images, PreferenceModel.Encoded texts,
                             NDManager m) {
        int b = batch.prompts().size();
        int k = batch.hardNegatives().size() / b;
        int others = Math.min(MATCH_BATCH_CANDIDATES, b - 1);
        int rowI = 1 + k + others;
        int rowT = 3 + others;
        int[] image = new int[b * (rowI + rowT)];
        int[] text = new int[image.length];
        float[] mask = new float[image.length];
        int at = 0;
        for (int i = 0; i < b; i++) {
            image[at] = i;
            text[at++] = i;
            for (int j = 0; j < k; j++) {
                image[at] = i;
                text[at++] = b + i * k + j;
            }
            for (int j = 1; j <= others; j++) {
                int o = (i + j) % b;
                image[at] = i;
                text[at] = o;
                mask[at++] = batch.prompts().get(o).equals(batch.prompts().get(i)) ? -1e4f : 0;
            }
        }
        for (int i = 0; i < b; i++) {
            for (int c : new int[] {i, b + i, 2 * b + i}) {
                image[at] = c;
                text[at++] = i;
            }
            for (int j = 1; j <= others; j++) {
                int o = (i + j) % b;
                image[at] = o;
                text[at] = i;
                mask[at++] = batch.prompts().get(o).equals(batch.prompts().get(i)) ? -1e4f : 0;
            }
        }
        NDArray logits = model.pairScores(images, texts, image, text, m).add(m.create(mask, new Shape(mask.length)));
        NDArray imageToText = logits.get("0:" + b * rowI).reshape(b, rowI);
        NDArray textToImage = logits.get(b * rowI + ":").reshape(b, rowT);
        return Scalars.over(crossEntropyOnFirst(imageToText, m).add(crossEntropyOnFirst(textToImage, m)), 2);
    }

    /** Mean cross-entropy of rows (B, N) whose target is column 0. */
    private static NDArray crossEntropyOnFirst(NDArray logits, NDManager m) {
        return crossEntropy(logits, i -> 0, m);
    }

    /** Mean cross-entropy of rows (B, N) whose target for row i is column {@code target(i)}. */
    private static NDArray crossEntropy(NDArray logits, java.util.function.IntUnaryOperator target, NDManager m) {
        long b = logits.getShape().get(0);
        long n = logits.getShape().get(1);
        float[] onehot = new float[(int) (b * n)];
        for (int i = 0; i < b; i++) {
            onehot[(int) (i * n + target.applyAsInt(i))] = 1;
        }
        return Scalars.over(logits.logSoftmax(1).mul(m.create(onehot, new Shape(b, n))).sum(), -b);
    }

    /** Mean cross-entropy of rows (B, N) whose target for row i is column i. */
    private static NDArray crossEntropyOnDiagonal(NDArray logits, NDManager m) {
        return crossEntropy(logits, i -> i, m);
    }

    private void writeCard(PreferenceModel model, Path weights, double loss, double elapsed, PreferenceEvaluation.Result eval)
            throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", "goldennoise-" + o.kind());
        card.put("weights", weights.getFileName().toString());
        card.put("score", model.config().scoreScale());
        card.put("config", model.config());
        card.put("parameters", model.imageParams().count() + model.textParams().count());
        card.put("data", Map.of("prompts", "all prompts of the grammar, a category uniformly then a prompt uniformly",
                "renders", "fresh renders per step from data seed " + o.dataSeed(),
                "hard_negatives_per_image", o.negatives(), "hard_negative_kind_weights", new TreeMap<>(o.kindWeights()),
                "quality_negatives_per_image", 1, "counterfactual_renders_per_image", 1, "position_prompts_only_for_first_steps",
                o.positionFirst()));
        Map<String, Object> training = new LinkedHashMap<>(Map.of("steps", o.steps(), "batch", o.batch(), "lr", o.lr(), "image_lr",
                o.imageLr(), "seed", o.seed(), "loss", "symmetric InfoNCE with hard-negative prompts, degraded images and counterfactual renders"
                + (model.hasMatchHead() ? ", plus the same ranking by the matching head against a few in-batch candidates" : "")));
        if (o.init() != null) {
            training.put("init", o.init().toAbsolutePath().normalize().toString());
            training.put("init_sha256", FileDigest.sha256(o.init()));
            training.put("init_towers", new java.util.TreeSet<>(o.initTowers()));
        }
        card.put("training", training);
        card.put("final_loss", loss);
        card.put("held_out", eval.toMap());
        card.put("time_seconds", Math.round(elapsed));
        card.putAll(Provenance.now());
        card.put(CardUse.KEY, ScorerCardUse.of(JSON.valueToTree(card)).toMap());
        AtomicFiles.writeString(o.outDir().resolve(o.kind() + ".card.json"), JSON.writeValueAsString(card) + "\n");
    }
}
