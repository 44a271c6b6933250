package dev.goldennoise.npnet;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.SampledReward;
import dev.goldennoise.tensor.AdamW;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.Ema;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.RunSettings;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.tensor.TrainingCheckpoint;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.util.CardUse;
import dev.goldennoise.util.ProgressTask;
import dev.goldennoise.tensor.Scalars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains NPNet on the reward itself, as HyperNoise does, instead of regressing onto a teacher's noises: for fresh
 * (prompt, x_T) draws, Δ = NPNet(x_T, prompt) − x_T and the loss is ½·w·mean(Δ²) − r(x_T + Δ), r the preference
 * score of the image sampled from the moved noise ({@link SampledReward}). The quadratic term keeps the noise near
 * x_T, where noises still look Gaussian to the sampler; the net starts as the identity, so training starts at
 * standard noise and moves only where the reward pays for it. Every x_T is new (no pairs to overfit), and its seeds
 * come from a stream of their own, far from the evaluation seeds.
 *
 * <p>Validation: every {@code validateEvery} steps, the mean reward of a fixed set of draws with the averaged net and with
 * x_T unchanged, and the mean relative move ‖Δ‖/‖x_T‖, appended to {@code history.jsonl} in the work folder.
 */
public final class RewardTrainer {
    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String HISTORY = "history.jsonl";
    static final String RUN = "run.json";
    /**
     * The best validation so far and the file of its averaged weights ({@code best-STEP.safetensors}, written whenever
     * a validation beats every earlier one). The weights are written before the record that names them, and the
     * earlier file is deleted after it, so a crash at any point leaves a record whose file exists; a resumed run keeps
     * that best even when it was made after the checkpoint it resumes from, since the weights are a real validation's.
     */
    static final String BEST = "best.json";

    /** The best validation and the file, in the work folder, of the weights it validated. */
    record Best(Validation validation, String file) {}
    /** x_T seeds of training draws start here; evaluation uses small seeds. */
    static final long TRAIN_SEED_BASE = 3_000_000_000L;
    static final long VALIDATION_SEED_BASE = 4_000_000_000L;
    /**
     * The weights validated and saved are an average over about the last 50 steps: with a few draws per step the
     * reward's gradient is noisy, and the live weights' validation reward jumped by several points between
     * validations 100 steps apart.
     */
    static final double EMA_DECAY = 0.98;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    /** One validation: mean reward with the net, without it, and the mean relative size of the move. */
    public record Validation(int step, double loss, double reward, double identityReward, double relativeMove) {}

    private final RewardTrainingOptions o;
    private final List<String> trainingPrompts;
    private final List<String> validationPrompts;

    public RewardTrainer(RewardTrainingOptions options) {
        this.o = options;
        int held = RewardTrainingOptions.heldOutCount(o.prompts().size(), o.holdOutPrompts());
        if (held == 0) {
            trainingPrompts = o.prompts();
            validationPrompts = o.prompts();
        } else {
            List<String> shuffled = new ArrayList<>(o.prompts());
            Collections.shuffle(shuffled, new Random(o.seed() ^ 0x401D0E7L));
            validationPrompts = List.copyOf(shuffled.subList(0, held));
            trainingPrompts = List.copyOf(shuffled.subList(held, shuffled.size()));
        }
    }

    public Validation run(DiffusionModel model, PreferenceModel scorer, NDManager root) throws IOException {
        return run(model, scorer, root, null);
    }

    List<String> trainingPrompts() {
        return trainingPrompts;
    }

    List<String> validationPrompts() {
        return validationPrompts;
    }

    /**
     * @param denoiserStart the base model's UNet weights, which a net with a denoiser branch starts from (unless it
     *                      starts from {@code init}); null for a net without one
     */
    public Validation run(DiffusionModel model, PreferenceModel scorer, NDManager root, ParameterSet denoiserStart) throws IOException {
        SampledReward.requireDifferentiable(model, "reward training");
        SampledReward reward = new SampledReward(model, scorer, o.samplerSteps(), o.cfg(), o.lookaheadSteps());
        Files.createDirectories(o.work());
        Path checkpoint = o.work().resolve(CHECKPOINT);
        RunSettings.check(o.work().resolve(RUN), runSettings(model), Set.of("steps"), Files.exists(checkpoint), "NPNet reward");
        long started = System.nanoTime();
        try (Npnet net = new Npnet(o.config(), root, o.seed()); Npnet average = new Npnet(o.config(), root, o.seed())) {
            AdamW adam = new AdamW(net.params(), 0.0);
            if (o.config().denoiser() != null) {
                adam.scaleLearningRate(Npnet.DENOISER, o.denoiserLrScale());
            }
            Ema ema = new Ema(net.params(), average.params(), EMA_DECAY);
            Map<String, ParameterSet> sets = Map.of("net.", net.params(), "ema.", average.params());
            TrainingCheckpoint.State state = TrainingCheckpoint.load(checkpoint, root, sets, Map.of("opt.", adam));
            if (state.step() > o.steps()) {
                throw new IllegalArgumentException("the work folder " + o.work() + " already holds " + state.step()
                        + " steps, more than the " + o.steps() + " asked for; ask for at least " + state.step());
            }
            if (state.step() == 0 && o.init() != null) {
                NpnetTrainer.startFrom(net, o.init(), root);
                average.params().copyFrom(net.params());
            } else if (state.step() == 0 && o.config().denoiser() != null) {
                if (denoiserStart == null) {
                    throw new IllegalArgumentException("an NPNet with a denoiser branch starts from the base model's UNet, and none was given");
                }
                net.startDenoiserFrom(denoiserStart);
                average.params().copyFrom(net.params());
            }
            keepHistoryUpTo(state.step());
            Best best = readBest();
            double lossAvg = state.loss();
            int lastSaved = state.step();
            Validation last = null;
            int skipped = 0;
            int skippedInARow = 0;
            net.params().requireGradients(true);
            try (ProgressTask bar = Progress.task("train-npnet reward", o.steps(), state.step())) {
                for (int s = state.step(); s < o.steps(); s++) {
                    float loss;
                    try (NDManager m = root.newSubManager()) {
                        Draws d = draws(trainingPrompts, TRAIN_SEED_BASE + (long) s * o.batch(), o.batch(),
                                new Random(o.seed() * 1_000_003L + s), model, reward, m);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray golden = net.forward(d.xT, d.cond.tokens());
                            NDArray delta = golden.sub(d.xT);
                            NDArray r = reward.reward(golden, d.cond, d.uncond, d.texts);
                            NDArray l = Scalars.times(delta.square().mean(), 0.5 * o.weight()).sub(r.mean());
                            loss = l.getFloat();
                            Finite.requireLoss(loss, s + 1, lastSaved);
                            gc.backward(l);
                        }
                    }
                    if (adam.gradientsFinite()) {
                        adam.update(o.lr() * Math.min(1.0, (s + 1) / 50.0));
                        ema.update();
                        skippedInARow = 0;
                    } else {
                        // a sampler several steps deep can overflow on a rare draw; one such step is dropped, many
                        // in a row mean the run has diverged
                        adam.clearGradients();
                        skipped++;
                        if (++skippedInARow >= 10) {
                            throw new IllegalArgumentException("the gradients were not finite for 10 steps in a row, up to step " + (s + 1)
                                    + "; the checkpoint of step " + lastSaved + " is kept; try a lower --lr or a higher --weight");
                        }
                    }
                    lossAvg = Double.isNaN(lossAvg) ? loss : 0.95 * lossAvg + 0.05 * loss;
                    bar.step();
                    bar.message(String.format(Locale.ROOT, " loss %.3f", lossAvg) + (skipped > 0 ? ", " + skipped + " skipped" : ""));
                    boolean end = s + 1 == o.steps();
                    if (end || (o.validateEvery() > 0 && (s + 1) % o.validateEvery() == 0)) {
                        last = validate(average, model, reward, root, s + 1, lossAvg);
                        if (best == null || last.reward() > best.validation().reward()) {
                            best = saveBest(average, last, best);
                        }
                        bar.message(String.format(Locale.ROOT, " reward %.2f (x_T %.2f) move %.3f",
                                last.reward(), last.identityReward(), last.relativeMove()));
                    }
                    if (end || (s + 1) % 50 == 0) {
                        double elapsed = state.elapsedSeconds() + (System.nanoTime() - started) / 1e9;
                        TrainingCheckpoint.save(checkpoint, new TrainingCheckpoint.State(s + 1, lossAvg, elapsed), sets, Map.of("opt.", adam));
                        lastSaved = s + 1;
                    }
                }
            }
            net.params().requireGradients(false);
            if (last == null) {
                last = validate(average, model, reward, root, state.step(), lossAvg);
            }
            double seconds = state.elapsedSeconds() + (System.nanoTime() - started) / 1e9;
            Path parent = o.weights().toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (o.keepBest() && best != null && best.validation().step() != last.step()) {
                Path tmp = parent.resolve(o.weights().getFileName() + ".tmp");
                Files.copy(o.work().resolve(best.file()), tmp, StandardCopyOption.REPLACE_EXISTING);
                AtomicFiles.move(tmp, o.weights());
                writeCard(average, best.validation(), last, seconds);
                return best.validation();
            }
            NpnetFiles.save(average, o.weights());
            writeCard(average, last, last, seconds);
            return last;
        }
    }

    private record Draws(NDArray xT, PromptEmbedding cond, PromptEmbedding uncond, NDArray texts) {}

    /** {@code n} draws: prompts from the pool by {@code rng}, x_T from consecutive seeds from {@code firstSeed}. */
    private Draws draws(List<String> pool, long firstSeed, int n, Random rng, DiffusionModel model, SampledReward reward, NDManager m) {
        List<String> prompts = new ArrayList<>(n);
        List<Long> seeds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prompts.add(pool.get(rng.nextInt(pool.size())));
            seeds.add(firstSeed + i);
        }
        NDArray xT = Seeds.noise(m, seeds, model.latentShape());
        PromptEmbedding cond = model.textEncoder().encode(prompts, m);
        PromptEmbedding uncond = model.textEncoder().encode(Collections.nCopies(n, ""), m);
        return new Draws(xT, new PromptEmbedding(cond.tokens().stopGradient(), cond.pooled().stopGradient()),
                new PromptEmbedding(uncond.tokens().stopGradient(), uncond.pooled().stopGradient()), reward.prompts(prompts, m));
    }

    private Validation validate(Npnet net, DiffusionModel model, SampledReward reward, NDManager root, int step, double loss)
            throws IOException {
        double withNet = 0;
        double without = 0;
        double move = 0;
        Random rng = new Random(o.seed() ^ 0x5EEDL);
        for (int start = 0; start < o.validationDraws(); start += o.batch()) {
            int n = Math.min(o.batch(), o.validationDraws() - start);
            try (NDManager m = root.newSubManager()) {
                Draws d = draws(validationPrompts, VALIDATION_SEED_BASE + start, n, rng, model, reward, m);
                NDArray golden = net.forward(d.xT, d.cond.tokens());
                withNet += reward.reward(golden, d.cond, d.uncond, d.texts).sum().getFloat();
                without += reward.reward(d.xT, d.cond, d.uncond, d.texts).sum().getFloat();
                NDArray num = golden.sub(d.xT).square().sum(new int[] {1, 2, 3}).sqrt();
                NDArray den = d.xT.square().sum(new int[] {1, 2, 3}).sqrt();
                move += num.div(den).sum().getFloat();
            }
        }
        Validation v = new Validation(step, loss, withNet / o.validationDraws(), without / o.validationDraws(), move / o.validationDraws());
        Files.writeString(o.work().resolve(HISTORY), LINE.writeValueAsString(v) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return v;
    }

    private Best readBest() throws IOException {
        Path record = o.work().resolve(BEST);
        if (!Files.exists(record)) {
            return null;
        }
        Best best = LINE.readValue(record.toFile(), Best.class);
        if (!Files.exists(o.work().resolve(best.file()))) {
            throw new IllegalArgumentException("the work folder " + o.work() + " names " + best.file()
                    + " as its best validation's weights, but the file is gone; restore it or delete " + record);
        }
        return best;
    }

    private Best saveBest(Npnet net, Validation v, Best previous) throws IOException {
        Best best = new Best(v, String.format(Locale.ROOT, "best-%07d.safetensors", v.step()));
        NpnetFiles.save(net, o.work().resolve(best.file()));
        AtomicFiles.writeString(o.work().resolve(BEST), LINE.writeValueAsString(best) + "\n");
        if (previous != null && !previous.file().equals(best.file())) {
            Files.deleteIfExists(o.work().resolve(previous.file()));
        }
        return best;
    }

    /** A resumed run drops the validations made after its checkpoint: they are made again. */
    private void keepHistoryUpTo(int step) throws IOException {
        Path file = o.work().resolve(HISTORY);
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && LINE.readValue(line, Validation.class).step() <= step) {
                kept.append(line).append('\n');
            }
        }
        AtomicFiles.writeString(file, kept.toString());
    }

    private Map<String, Object> runSettings(DiffusionModel model) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("objective", "reward");
        run.put("config", o.config());
        run.put("model", model.name());
        run.put("prompts", o.prompts().size());
        run.put("prompts_hash", Integer.toHexString(o.prompts().hashCode()));
        run.put("batch", o.batch());
        run.put("lr", o.lr());
        run.put("weight", o.weight());
        run.put("sampler_steps", o.samplerSteps());
        run.put("lookahead_steps", o.lookaheadSteps());
        run.put("cfg", o.cfg());
        run.put("seed", o.seed());
        run.put("ema_decay", EMA_DECAY);
        run.put("steps", o.steps());
        if (o.init() != null) {
            run.put("init", o.init().toAbsolutePath().normalize().toString());
        }
        if (o.denoiserLrScale() != 1.0) {
            run.put("denoiser_lr_scale", o.denoiserLrScale());
        }
        if (o.holdOutPrompts() > 0) {
            run.put("hold_out_prompts", o.holdOutPrompts());
        }
        if (o.validationDraws() != 64) {
            // validations of other draws are not comparable, and --keep-best compares them
            run.put("validation_draws", o.validationDraws());
        }
        return run;
    }

    /** @param kept the validation of the weights written; {@code last} the run's last one */
    private void writeCard(Npnet net, Validation kept, Validation last, double seconds) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model", "NPNet");
        card.put("weights", o.weights().getFileName().toString());
        card.put("config", net.config());
        card.put("parameters", net.params().count());
        card.put("data", o.data());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("objective", "reward");
        training.put("loss", "0.5 * weight * mean(delta^2) - preference score of the image " + (o.lookaheadSteps() < o.samplerSteps()
                ? "of the clean latent predicted after " + o.lookaheadSteps() + " of " + o.samplerSteps() + " sampler steps from x_T + delta"
                : "sampled from x_T + delta"));
        training.put("weight", o.weight());
        training.put("sampler_steps", o.samplerSteps());
        training.put("lookahead_steps", o.lookaheadSteps());
        training.put("cfg", o.cfg());
        training.put("optimizer", "Adam");
        training.put("ema_decay", EMA_DECAY);
        training.put("lr", o.lr());
        if (o.config().denoiser() != null) {
            training.put("denoiser_lr", o.lr() * o.denoiserLrScale());
        }
        training.put("batch", o.batch());
        training.put("steps", o.steps());
        training.put("seed", o.seed());
        training.put("x_T_seeds", "from " + TRAIN_SEED_BASE + ", fresh every step");
        card.put("training", training);
        card.put("final_loss", last.loss());
        Map<String, Object> validation = new LinkedHashMap<>();
        validation.put("draws", o.validationDraws());
        validation.put("prompts", o.holdOutPrompts() > 0
                ? validationPrompts.size() + " held out from training (--hold-out-prompts " + o.holdOutPrompts() + ")"
                : "the training prompts, at x_T seeds training never draws");
        validation.put("reward", kept.reward());
        validation.put("identity_reward", kept.identityReward());
        validation.put("relative_move", kept.relativeMove());
        card.put("validation", validation);
        if (kept != last) {
            card.put("selected", Map.of("step", kept.step(), "loss", kept.loss(),
                    "by", "the highest validation reward (the training scorer's, on the validation draws) of " + last.step() + " steps"));
        }
        card.put("time_seconds", Math.round(seconds));
        card.putAll(Provenance.now());
        card.put(CardUse.KEY, NpnetCardUse.of(JSON.valueToTree(card)).toMap());
        AtomicFiles.writeString(NpnetFiles.cardPath(o.weights()), JSON.writeValueAsString(card) + "\n");
    }
}
