package dev.goldennoise.npnet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.RunSettings;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.util.CardUse;
import dev.goldennoise.util.ProgressTask;

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
 * Fits NPNet to noise pairs: mean squared error between its output and the golden noise, AdamW at a constant
 * learning rate, a fixed 90/10 split, the validation loss after every epoch. A checkpoint after every epoch makes a
 * killed run resume where it stopped; rerunning a finished run only rewrites the weights and card. The validation
 * loss of the identity (golden ≈ source) is reported beside it: below that, NPNet has learned something.
 */
public final class NpnetTrainer {
    /** Losses after one epoch. */
    public record Epoch(int epoch, double trainLoss, double validationLoss) {}

    /** What a training run ended with. */
    public record Result(List<Epoch> history, double identityValidationLoss, int trainPairs, int validationPairs,
                         double seconds, Path weights) {
        public double finalValidationLoss() {
            return history.get(history.size() - 1).validationLoss();
        }
    }

    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String HISTORY = "history.json";
    static final String RUN = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final NpnetTrainingOptions o;

    public NpnetTrainer(NpnetTrainingOptions options) {
        this.o = options;
    }

    public Result run(List<NpnetExample> examples, NDManager root) throws IOException {
        return run(examples, root, null);
    }

    /**
     * @param denoiserStart the base model's UNet weights, which a net with a denoiser branch starts from (unless it
     *                      starts from {@code init}); null for a net without one
     */
    public Result run(List<NpnetExample> examples, NDManager root, ParameterSet denoiserStart) throws IOException {
        NpnetConfig cfg = o.config();
        int per = cfg.channels() * cfg.height() * cfg.width();
        int textSize = cfg.textTokens() * cfg.textWidth();
        for (NpnetExample e : examples) {
            if (e.source().length != per || e.golden().length != per || e.text().length != textSize) {
                throw new IllegalArgumentException("a training pair does not fit " + cfg.describeShapes() + ": noise of "
                        + e.source().length + " values and text of " + e.text().length + " values");
            }
        }
        if (examples.size() < 2) {
            throw new IllegalArgumentException("NPNet needs at least 2 training pairs (one for validation), got " + examples.size());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(o.seed()));
        int nVal = Math.max(1, (int) Math.round(examples.size() * o.validationFraction()));
        List<NpnetExample> val = new ArrayList<>();
        List<NpnetExample> train = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < nVal ? val : train).add(examples.get(order.get(i)));
        }
        MatrixTiling tiling = cfg.tiling();
        List<NoiseSvd> trainSvd = cfg.useSvd() ? svds(train, tiling) : null;
        List<NoiseSvd> valSvd = cfg.useSvd() ? svds(val, tiling) : null;
        double identity = 0;
        for (NpnetExample e : val) {
            identity += mse(e.source(), e.golden());
        }
        identity /= val.size();

        Files.createDirectories(o.work());
        Path checkpoint = o.work().resolve(CHECKPOINT);
        Path historyFile = o.work().resolve(HISTORY);
        checkSameRun(examples, Files.exists(checkpoint));
        try (Npnet net = new Npnet(cfg, root, o.seed())) {
            AdamW adam = new AdamW(net.params(), o.weightDecay());
            TrainingCheckpoint.State state = TrainingCheckpoint.load(checkpoint, root, Map.of("net.", net.params()), Map.of("opt.", adam));
            if (state.step() == 0 && o.init() != null) {
                startFrom(net, o.init(), root);
            } else if (state.step() == 0 && cfg.denoiser() != null) {
                if (denoiserStart == null) {
                    throw new IllegalArgumentException("an NPNet with a denoiser branch starts from the base model's UNet, and none was given");
                }
                net.startDenoiserFrom(denoiserStart);
            }
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
            try (ProgressTask bar = Progress.task("train-npnet", (long) o.epochs() * stepsPerEpoch, (long) state.step() * stepsPerEpoch)) {
                for (int epoch = state.step(); epoch < o.epochs(); epoch++) {
                    List<Integer> idx = new ArrayList<>();
                    for (int i = 0; i < train.size(); i++) {
                        idx.add(i);
                    }
                    Collections.shuffle(idx, new Random(o.seed() * 1000003L + epoch));
                    double sum = 0;
                    for (int start = 0; start < idx.size(); start += o.batch()) {
                        List<Integer> batch = idx.subList(start, Math.min(idx.size(), start + o.batch()));
                        float loss;
                        try (NDManager m = root.newSubManager()) {
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray l = batchLoss(net, train, trainSvd, batch, m);
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
                    double valLoss = validationLoss(net, val, valSvd, root);
                    history.add(new Epoch(epoch + 1, sum / train.size(), valLoss));
                    bar.message(String.format(Locale.ROOT, " epoch %d val %.4f (identity %.4f)", epoch + 1, valLoss, identity));
                    double elapsed = before + (System.nanoTime() - started) / 1e9;
                    AtomicFiles.writeString(historyFile, JSON.writeValueAsString(history));
                    TrainingCheckpoint.save(checkpoint, new TrainingCheckpoint.State(epoch + 1, valLoss, elapsed),
                            Map.of("net.", net.params()), Map.of("opt.", adam));
                }
            }
            net.params().requireGradients(false);
            double seconds = before + (System.nanoTime() - started) / 1e9;
            Files.createDirectories(o.weights().toAbsolutePath().getParent());
            NpnetFiles.save(net, o.weights());
            Result result = new Result(List.copyOf(history), identity, train.size(), val.size(), seconds, o.weights());
            writeCard(net, result);
            return result;
        }
    }

    /**
     * A checkpoint only continues the run that wrote it. The work folder records what the run was (configuration,
     * optimiser settings, seed, and a hash of the pairs); resuming with anything else would silently mix two runs,
     * so it is refused. Only the number of epochs may change: that is how a run is extended.
     */
    private void checkSameRun(List<NpnetExample> examples, boolean resuming) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("config", o.config());
        run.put("batch", o.batch());
        run.put("lr", o.lr());
        run.put("weight_decay", o.weightDecay());
        run.put("validation_fraction", o.validationFraction());
        run.put("seed", o.seed());
        run.put("pairs", examples.size());
        run.put("data_hash", Long.toHexString(hash(examples)));
        if (o.init() != null) {
            run.put("init", o.init().toAbsolutePath().normalize().toString());
        }
        RunSettings.check(o.work().resolve(RUN), run, Set.of(), resuming, "NPNet");
    }

    /** Fine-tuning: the weights of {@code init}, which must have this run's configuration, replace the initialisation. */
    static void startFrom(Npnet net, Path init, NDManager root) throws IOException {
        NpnetConfig cfg = net.config();
        NpnetConfig theirs = NpnetFiles.config(init, root);
        if (!theirs.equals(cfg)) {
            throw new IllegalArgumentException("--init " + init + " holds an NPNet of another configuration (" + theirs
                    + ") than this run's (" + cfg + ")");
        }
        try (NDManager scratch = root.newSubManager();
             Npnet start = NpnetFiles.load(init, cfg.channels(), cfg.height(), cfg.width(), cfg.textTokens(), cfg.textWidth(), scratch)) {
            net.params().copyFrom(start.params());
        }
    }

    private static long hash(List<NpnetExample> examples) {
        long h = 1;
        for (NpnetExample e : examples) {
            h = h * 1_000_003L + Arrays.hashCode(e.source());
            h = h * 1_000_003L + Arrays.hashCode(e.golden());
            h = h * 1_000_003L + Arrays.hashCode(e.text());
        }
        return h;
    }

    private static List<NoiseSvd> svds(List<NpnetExample> examples, MatrixTiling t) {
        List<NoiseSvd> out = new ArrayList<>(examples.size());
        for (NpnetExample e : examples) {
            out.add(NoiseSvd.of(e.source(), 1, t));
        }
        return out;
    }

    private NDArray batchLoss(Npnet net, List<NpnetExample> data, List<NoiseSvd> svds, List<Integer> batch, NDManager m) {
        NpnetConfig cfg = net.config();
        int b = batch.size();
        int per = cfg.channels() * cfg.height() * cfg.width();
        int textSize = cfg.textTokens() * cfg.textWidth();
        float[] src = new float[b * per];
        float[] gold = new float[b * per];
        float[] text = new float[b * textSize];
        List<NoiseSvd> parts = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            NpnetExample e = data.get(batch.get(i));
            System.arraycopy(e.source(), 0, src, i * per, per);
            System.arraycopy(e.golden(), 0, gold, i * per, per);
            System.arraycopy(e.text(), 0, text, i * textSize, textSize);
            if (svds != null) {
                parts.add(svds.get(batch.get(i)));
            }
        }
        Shape latent = new Shape(b, cfg.channels(), cfg.height(), cfg.width());
        NDArray x = m.create(src, latent);
        NDArray t = m.create(text, new Shape(b, cfg.textTokens(), cfg.textWidth()));
        NDArray out = net.forward(x, t, svds == null ? null : NoiseSvd.concat(parts));
        return out.sub(m.create(gold, latent)).square().mean();
    }

    private double validationLoss(Npnet net, List<NpnetExample> val, List<NoiseSvd> svds, NDManager root) {
        double sum = 0;
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < val.size(); i++) {
            all.add(i);
        }
        for (int start = 0; start < all.size(); start += o.batch()) {
            List<Integer> batch = all.subList(start, Math.min(all.size(), start + o.batch()));
            try (NDManager m = root.newSubManager()) {
                sum += batchLoss(net, val, svds, batch, m).getFloat() * batch.size();
            }
        }
        return sum / val.size();
    }

    private static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    private void writeCard(Npnet net, Result r) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", "NPNet");
        card.put("weights", r.weights().getFileName().toString());
        card.put("config", net.config());
        card.put("parameters", net.params().count());
        card.put("data", o.data());
        card.put("train_pairs", r.trainPairs());
        card.put("validation_pairs", r.validationPairs());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("loss", "mean squared error to the golden noise");
        training.put("optimizer", "AdamW");
        training.put("lr", o.lr());
        training.put("weight_decay", o.weightDecay());
        training.put("batch", o.batch());
        training.put("epochs", o.epochs());
        training.put("steps", (long) o.epochs() * ((r.trainPairs() + o.batch() - 1) / o.batch()));
        training.put("seed", o.seed());
        card.put("training", training);
        card.put("final_train_loss", r.history().get(r.history().size() - 1).trainLoss());
        card.put("final_validation_loss", r.finalValidationLoss());
        card.put("identity_validation_loss", r.identityValidationLoss());
        card.put("history", r.history());
        card.put("seconds", Math.round(r.seconds()));
        card.put("provenance", Provenance.now());
        card.put(CardUse.KEY, NpnetCardUse.of(JSON.valueToTree(card)).toMap());
        AtomicFiles.writeString(NpnetFiles.cardPath(r.weights()), JSON.writeValueAsString(card) + "\n");
    }
}
