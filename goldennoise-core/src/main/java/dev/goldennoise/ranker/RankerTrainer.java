package dev.goldennoise.ranker;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.RunSettings;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.ProgressTask;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.tensor.Scalars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits a {@link NoiseRanker} to scored candidate groups with a pairwise loss: for every two candidates of a group
 * whose images the preference scorer ranks s_i &gt; s_j, (s_i − s_j)·log(1 + exp(f_j − f_i)), normalised by the summed
 * weights. Only the order within a group is learned, weighted by how much it matters; the prompt's base score never
 * enters. AdamW at a constant rate, a fixed split of whole groups, the validation {@link RankingQuality} after every
 * epoch; a checkpoint per epoch makes a killed run resume, and the weights kept are those of the epoch with the
 * lowest validation loss (held-out groups of training prompts: the judge and the checker are never consulted).
 */
public final class RankerTrainer {
    /** One epoch's losses and the validation ranking quality. */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double pickGain, double oracleGain,
                        double pairAccuracy) {}

    /** What a run ended with; {@code kept} is the epoch whose weights were written. */
    public record Result(List<Epoch> history, Epoch kept, int trainGroups, int validationGroups, double seconds, Path weights) {}

    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String BEST = "best.safetensors";
    static final String HISTORY = "history.json";
    static final String RUN = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RankerTrainingOptions o;

    public RankerTrainer(RankerTrainingOptions options) {
        this.o = options;
    }

    public Result run(List<RankerGroup> groups, NDManager root) throws IOException {
        RankerConfig cfg = o.config();
        int per = cfg.channels() * cfg.height() * cfg.width();
        int textSize = cfg.textTokens() * cfg.textWidth();
        int m = groups.isEmpty() ? 0 : groups.get(0).size();
        for (RankerGroup g : groups) {
            if (g.size() != m || m < 2 || g.noises().length != m * per || g.text().length != textSize) {
                throw new IllegalArgumentException("every group needs the same number (≥ 2) of candidates of " + cfg.describeShapes()
                        + "; got one of " + g.size() + " candidates, " + g.noises().length + " noise values and " + g.text().length + " text values");
            }
            for (double s : g.scores()) {
                Finite.require(s, "a candidate's score");
            }
        }
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a ranker needs at least 2 groups (one for validation), got " + groups.size());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(o.seed()));
        int nVal = Math.max(1, (int) Math.round(groups.size() * o.validationFraction()));
        List<RankerGroup> val = new ArrayList<>();
        List<RankerGroup> train = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < nVal ? val : train).add(groups.get(order.get(i)));
        }
        Files.createDirectories(o.work());
        Path checkpoint = o.work().resolve(CHECKPOINT);
        Path best = o.work().resolve(BEST);
        Path historyFile = o.work().resolve(HISTORY);
        checkSameRun(groups, Files.exists(checkpoint));
        try (NoiseRanker net = new NoiseRanker(cfg, root, o.seed())) {
            AdamW adam = new AdamW(net.params(), o.weightDecay());
            TrainingCheckpoint.State state = TrainingCheckpoint.load(checkpoint, root, Map.of("net.", net.params()), Map.of("opt.", adam));
            if (state.step() > o.epochs()) {
                throw new IllegalArgumentException("the work folder " + o.work() + " already holds " + state.step()
                        + " epochs, more than the " + o.epochs() + " asked for; ask for at least " + state.step()
                        + " or choose another work folder");
            }
            List<Epoch> history = Files.exists(historyFile) && state.step() > 0
                    ? new ArrayList<>(JSON.readValue(historyFile.toFile(), new TypeReference<List<Epoch>>() { }).subList(0, state.step()))
                    : new ArrayList<>();
            int stepsPerEpoch = (train.size() + o.batch() - 1) / o.batch();
            long started = System.nanoTime();
            double before = state.elapsedSeconds();
            net.params().requireGradients(true);
            try (ProgressTask bar = Progress.task("train-ranker", (long) o.epochs() * stepsPerEpoch, (long) state.step() * stepsPerEpoch)) {
                for (int epoch = state.step(); epoch < o.epochs(); epoch++) {
                    List<Integer> idx = new ArrayList<>();
                    for (int i = 0; i < train.size(); i++) {
                        idx.add(i);
                    }
                    Collections.shuffle(idx, new Random(o.seed() * 1000003L + epoch));
                    double sum = 0;
                    for (int start = 0; start < idx.size(); start += o.batch()) {
                        List<RankerGroup> batch = new ArrayList<>();
                        for (int i : idx.subList(start, Math.min(idx.size(), start + o.batch()))) {
                            batch.add(train.get(i));
                        }
                        float loss;
                        try (NDManager scope = root.newSubManager()) {
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray l = pairLoss(predict(net, batch, scope), batch, scope);
                                loss = l.getFloat();
                                Finite.requireLoss(loss, "epoch", epoch + 1, epoch);
                                gc.backward(l);
                            }
                        }
                        adam.update(o.lr());
                        sum += loss * batch.size();
                        bar.step();
                        bar.message(String.format(Locale.ROOT, " epoch %d loss %.4f", epoch + 1, loss));
                    }
                    Epoch e = validate(net, val, epoch + 1, sum / train.size(), root);
                    history.add(e);
                    bar.message(String.format(Locale.ROOT, " epoch %d val %.4f, pick +%.2f of +%.2f", e.epoch(), e.validationLoss(),
                            e.pickGain(), e.oracleGain()));
                    if (keptEpoch(history) == e) {
                        RankerFiles.save(net, best);
                    }
                    double elapsed = before + (System.nanoTime() - started) / 1e9;
                    AtomicFiles.writeString(historyFile, JSON.writeValueAsString(history));
                    TrainingCheckpoint.save(checkpoint, new TrainingCheckpoint.State(epoch + 1, e.validationLoss(), elapsed),
                            Map.of("net.", net.params()), Map.of("opt.", adam));
                }
            }
            net.params().requireGradients(false);
            double seconds = before + (System.nanoTime() - started) / 1e9;
            Epoch kept = keptEpoch(history);
            Files.createDirectories(o.weights().toAbsolutePath().getParent());
            AtomicFiles.write(o.weights(), Files.readAllBytes(best));
            Result result = new Result(List.copyOf(history), kept, train.size(), val.size(), seconds, o.weights());
            writeCard(net, result, m);
            return result;
        }
    }

    /** The epoch with the lowest validation loss (the first of equals). */
    static Epoch keptEpoch(List<Epoch> history) {
        Epoch b = history.get(0);
        for (Epoch e : history) {
            if (e.validationLoss() < b.validationLoss()) {
                b = e;
            }
        }
        return b;
    }

    private void checkSameRun(List<RankerGroup> groups, boolean resuming) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("config", o.config());
        run.put("batch", o.batch());
        run.put("lr", o.lr());
        run.put("weight_decay", o.weightDecay());
        run.put("validation_fraction", o.validationFraction());
        run.put("seed", o.seed());
        run.put("groups", groups.size());
        long h = 1;
        for (RankerGroup g : groups) {
            h = h * 1_000_003L + Arrays.hashCode(g.noises());
            h = h * 1_000_003L + Arrays.hashCode(g.text());
            h = h * 1_000_003L + Arrays.hashCode(g.scores());
        }
        run.put("data_hash", Long.toHexString(h));
        RunSettings.check(o.work().resolve(RUN), run, Set.of(), resuming, "ranker");
    }

    /** Predicted scores (G, N) of a batch's candidates. */
    static NDArray predict(NoiseRanker net, List<RankerGroup> batch, NDManager m) {
        RankerConfig cfg = net.config();
        int g = batch.size();
        int n = batch.get(0).size();
        int per = cfg.channels() * cfg.height() * cfg.width();
        int textSize = cfg.textTokens() * cfg.textWidth();
        float[] x = new float[g * n * per];
        float[] t = new float[g * n * textSize];
        for (int i = 0; i < g; i++) {
            RankerGroup r = batch.get(i);
            System.arraycopy(r.noises(), 0, x, i * n * per, n * per);
            for (int k = 0; k < n; k++) {
                System.arraycopy(r.text(), 0, t, (i * n + k) * textSize, textSize);
            }
        }
        NDArray noises = m.create(x, new Shape((long) g * n, cfg.channels(), cfg.height(), cfg.width()));
        NDArray text = m.create(t, new Shape((long) g * n, cfg.textTokens(), cfg.textWidth()));
        return net.forward(noises, text).reshape(g, n);
    }

    /** The weighted pairwise loss of predictions f (G, N) against the batch's scores. */
    static NDArray pairLoss(NDArray f, List<RankerGroup> batch, NDManager m) {
        int g = batch.size();
        int n = batch.get(0).size();
        float[] w = new float[g * n * n];
        double total = 0;
        for (int b = 0; b < g; b++) {
            double[] s = batch.get(b).scores();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double d = s[i] - s[j];
                    if (d > 0) {
                        w[(b * n + i) * n + j] = (float) d;
                        total += d;
                    }
                }
            }
        }
        NDArray weights = m.create(w, new Shape(g, n, n));
        // margin (i, j) = f_i − f_j; softplus(−margin) is the logistic loss of ordering i above j
        NDArray margin = f.expandDims(2).sub(f.expandDims(1));
        NDArray loss = Activation.softPlus(margin.neg()).mul(weights).sum();
        return Scalars.over(loss, Math.max(total, 1e-12));
    }

    private Epoch validate(NoiseRanker net, List<RankerGroup> val, int epoch, double trainLoss, NDManager root) {
        List<double[]> predicted = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        double loss = 0;
        for (int start = 0; start < val.size(); start += o.batch()) {
            List<RankerGroup> batch = val.subList(start, Math.min(val.size(), start + o.batch()));
            try (NDManager scope = root.newSubManager()) {
                NDArray f = predict(net, batch, scope);
                loss += pairLoss(f, batch, scope).getFloat() * batch.size();
                float[] v = f.toFloatArray();
                int n = batch.get(0).size();
                for (int i = 0; i < batch.size(); i++) {
                    double[] row = new double[n];
                    for (int k = 0; k < n; k++) {
                        row[k] = v[i * n + k];
                    }
                    predicted.add(row);
                    scores.add(batch.get(i).scores());
                }
            }
        }
        RankingQuality q = RankingQuality.of(predicted, scores);
        return new Epoch(epoch, trainLoss, loss / val.size(), q.pickGain(), q.oracleGain(), q.pairAccuracy());
    }

    private void writeCard(NoiseRanker net, Result r, int candidates) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", "noise ranker");
        card.put("weights", r.weights().getFileName().toString());
        card.put("config", net.config());
        card.put("parameters", net.params().count());
        card.put("data", o.data());
        card.put("candidates_per_group", candidates);
        card.put("train_groups", r.trainGroups());
        card.put("validation_groups", r.validationGroups());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("loss", "pairwise logistic within each group, weighted by the preference-score difference");
        training.put("optimizer", "AdamW");
        training.put("lr", o.lr());
        training.put("weight_decay", o.weightDecay());
        training.put("batch_groups", o.batch());
        training.put("epochs", o.epochs());
        training.put("steps", (long) o.epochs() * ((r.trainGroups() + o.batch() - 1) / o.batch()));
        training.put("seed", o.seed());
        training.put("kept", "the epoch with the lowest validation loss");
        card.put("training", training);
        card.put("kept_epoch", r.kept().epoch());
        card.put("final_loss", r.kept().validationLoss());
        card.put("validation_pick_gain", r.kept().pickGain());
        card.put("validation_oracle_gain", r.kept().oracleGain());
        card.put("validation_pair_accuracy", r.kept().pairAccuracy());
        card.put("history", r.history());
        card.put("seconds", Math.round(r.seconds()));
        card.put("provenance", Provenance.now());
        AtomicFiles.writeString(RankerFiles.cardPath(r.weights()), JSON.writeValueAsString(card) + "\n");
    }
}
