package dev.goldennoise.serve;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.policy.PolicyRule;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The service behind the routes, free of HTTP: validates a request, assigns its arm, has the batcher make its
 * images, stamps them with their provenance, records them in the database (committed before the answer is
 * returned), and keeps the experiment's statistics, the drift alarm and the metrics up to date.
 */
public final class ImageService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FEEDBACK_FIELDS = Set.of("id", "choice");
    /** What a comparison's PNGs say in place of their noise, so that neither image gives its arm away. */
    static final String HIDDEN_NOISE = "hidden (a comparison; the service's database records each image's noise)";

    private final ServedModel served;
    private final ServeSettings settings;
    private final ServeDatabase db;
    private final Experiment experiment;
    private final ExperimentStats stats;
    private final DriftAlarm alarm;
    private final ServeMetrics metrics;
    private final MicroBatcher<ImageWork, GeneratedImage> batcher;
    private final NoiseStrategy standard = new StandardNoise();
    private final Consumer<String> log;
    private final int[] latentShape;

    public ImageService(ServedModel served, ServeSettings settings, ServeDatabase db, NDManager manager,
                        Consumer<String> log) throws SQLException {
        this.served = served;
        this.settings = settings;
        this.db = db;
        this.log = log;
        this.experiment = new Experiment(settings.experimentSeed(), settings.control());
        ImageGenerator generator = new ImageGenerator(served.model(), served.scorers(), settings.maxBatch(), manager);
        this.stats = new ExperimentStats(generator.scorerNames(), settings.statsWindow());
        this.alarm = new DriftAlarm(settings.alertBelow(), settings.alertMinSample(), log);
        this.metrics = new ServeMetrics(stats, alarm);
        this.batcher = new MicroBatcher<>("denoiser", ImageWork::batchKey, generator, settings.windowMillis(),
                settings.maxBatch(), settings.maxQueue(), metrics::batch);
        metrics.watchQueue(batcher::depth);
        this.latentShape = java.util.Arrays.stream(served.model().latentShape().getShape()).mapToInt(Math::toIntExact).toArray();
        refill();
    }

    public ServeMetrics metrics() {
        return metrics;
    }

    public ExperimentStats stats() {
        return stats;
    }

    public DriftAlarm alarm() {
        return alarm;
    }

    /** {@code POST /v1/images}. */
    public Map<String, Object> image(String body) throws SQLException, IOException {
        long start = System.nanoTime();
        ImageRequest r = ImageRequest.image(body, settings, served.prompts());
        checkPolicy(r.prompt());
        String id = UUID.randomUUID().toString();
        boolean assigned = r.noise() == null;
        Arm arm = assigned ? experiment.arm(id) : armNamed(r.noise());
        long seed = r.seed() != null ? r.seed() : experiment.seed(id);
        NoiseStrategy strategy = arm == Arm.GOLDEN ? served.golden() : standard;
        GeneratedImage g = await(batcher.submit(new ImageWork(r.prompt(), seed, r.steps(), r.cfg(), strategy)));
        String npnet = arm == Arm.GOLDEN ? served.goldenDigest() : null;
        byte[] png = provenance(r).png(g.image().toBufferedImage(), r.prompt(), Long.toString(seed), strategy.name(), npnet);
        Map<String, Object> timings = timings(g, start);
        db.insert(new ImageRecord(id, System.currentTimeMillis(), r.prompt(), seed, r.steps(), r.cfg(), arm, assigned,
                strategy.name(), served.name(), served.digest(), npnet, latentShape, g.initialNoise(), g.startNoise(),
                JSON.writeValueAsString(g.scores()), JSON.writeValueAsString(timings)));
        metrics.imageServed(arm);
        if (assigned) {
            stats.addScores(arm, g.scores());
            alarm.update(stats.winRates());
        }
        Map<String, Object> out = answer(id, r, seed);
        out.put("image", base64(png));
        out.put("noise", strategy.name());
        out.put("arm", arm.label());
        out.put("scores", g.scores());
        out.put("model", Map.of("name", served.name(), "digest", served.digest()));
        out.put("npnet", npnet);
        out.put("timings", timings);
        return out;
    }

    /** {@code POST /v1/compare}: both arms from one x_T, in the order the experiment draws for the id; unlabelled. */
    public Map<String, Object> compare(String body) throws SQLException, IOException {
        long start = System.nanoTime();
        ImageRequest r = ImageRequest.comparison(body, settings, served.prompts());
        checkPolicy(r.prompt());
        String id = UUID.randomUUID().toString();
        long seed = r.seed() != null ? r.seed() : experiment.seed(id);
        // submitted together so that both usually share one denoiser batch
        CompletableFuture<GeneratedImage> goldenFuture = batcher.submit(new ImageWork(r.prompt(), seed, r.steps(), r.cfg(), served.golden()));
        CompletableFuture<GeneratedImage> controlFuture = batcher.submit(new ImageWork(r.prompt(), seed, r.steps(), r.cfg(), standard));
        GeneratedImage golden = await(goldenFuture);
        GeneratedImage control = await(controlFuture);
        boolean goldenFirst = experiment.goldenFirst(id);
        ImageProvenance p = provenance(r);
        String s = Long.toString(seed);
        String goldenPng = base64(p.png(golden.image().toBufferedImage(), r.prompt(), s, HIDDEN_NOISE, null));
        String controlPng = base64(p.png(control.image().toBufferedImage(), r.prompt(), s, HIDDEN_NOISE, null));
        Map<String, Object> timings = timings(golden, start);
        db.insert(new ComparisonRecord(id, System.currentTimeMillis(), r.prompt(), seed, r.steps(), r.cfg(), goldenFirst,
                served.golden().name(), served.name(), served.digest(), served.goldenDigest(), latentShape,
                golden.initialNoise(), golden.startNoise(), JSON.writeValueAsString(golden.scores()),
                JSON.writeValueAsString(control.scores()), JSON.writeValueAsString(timings)));
        metrics.imageServed(Arm.GOLDEN);
        metrics.imageServed(Arm.CONTROL);
        Map<String, Object> out = answer(id, r, seed);
        out.put("images", goldenFirst ? List.of(goldenPng, controlPng) : List.of(controlPng, goldenPng));
        out.put("choices", VoteTarget.COMPARISON_CHOICES);
        out.put("timings", timings);
        return out;
    }

    /** {@code POST /v1/feedback}: a vote, stored as given. */
    public Map<String, Object> feedback(String body) throws SQLException {
        JsonBody b = JsonBody.parse(body, FEEDBACK_FIELDS);
        String id = b.requiredText("id");
        String choice = b.requiredText("choice");
        Optional<VoteTarget> target = id.length() > 100 ? Optional.empty() : db.target(id);
        if (target.isEmpty()) {
            throw ApiError.badRequest("unknown id \"" + JsonBody.printable(id) + "\": vote on an id that /v1/images or /v1/compare returned");
        }
        VoteTarget t = target.get();
        if (!t.choices().contains(choice)) {
            throw ApiError.badRequest("unknown choice \"" + JsonBody.printable(choice) + "\" for " + (t.comparison()
                    ? "a comparison" : "an image") + "; use " + String.join(", ", t.choices()));
        }
        long vote = db.insertVote(id, choice, System.currentTimeMillis());
        metrics.vote(choice);
        if (t.comparison()) {
            stats.addVote(t.goldenScore(choice));
            alarm.update(stats.winRates());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("choice", choice);
        out.put("vote", vote);
        return out;
    }

    private void checkPolicy(String prompt) {
        Optional<PolicyRule> rule = served.policy().refusing(prompt);
        if (rule.isPresent()) {
            metrics.refusal();
            throw ApiError.badRequest("prompt \"" + JsonBody.printable(prompt) + "\" is refused by the policy rule "
                    + rule.get().describe());
        }
    }

    private Arm armNamed(String noise) {
        if (noise.equals(standard.name()) || noise.equals(Arm.CONTROL.label())) {
            return Arm.CONTROL;
        }
        if (noise.equals(served.golden().name()) || noise.equals(Arm.GOLDEN.label())) {
            return Arm.GOLDEN;
        }
        throw ApiError.badRequest("unknown noise \"" + JsonBody.printable(noise) + "\"; this service offers "
                + served.golden().name() + " (or golden) and standard (or control), or leave it out to join the experiment");
    }

    private ImageProvenance provenance(ImageRequest r) {
        return new ImageProvenance(served.name(), served.digest(), r.steps(), r.cfg(), served.commit());
    }

    private GeneratedImage await(CompletableFuture<GeneratedImage> f) {
        try {
            return f.get(settings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new ApiError(503, "no image within " + settings.requestTimeoutMillis() / 1000 + " s; the service is overloaded, try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the service is shutting down");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof MicroBatcher.Refused refused) {
                throw new ApiError(503, refused.getMessage());
            }
            if (c instanceof IllegalArgumentException bad) {
                // the model refused the input (an export's text encoder, a prompt too long for it)
                throw ApiError.badRequest(bad.getMessage());
            }
            throw new IllegalStateException("the denoiser batch failed: " + c, c);
        }
    }

    private static Map<String, Object> timings(GeneratedImage g, long startNanos) {
        long total = (System.nanoTime() - startNanos) / 1_000_000;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("batch_size", g.batchSize());
        t.put("sample_ms", g.sampleMillis());
        t.put("score_ms", g.scoreMillis());
        t.put("wait_ms", Math.max(0, total - g.sampleMillis() - g.scoreMillis()));
        t.put("total_ms", total);
        return t;
    }

    /** What every answer with images starts with: the id, and the prompt and settings they were made with. */
    private static Map<String, Object> answer(String id, ImageRequest r, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("prompt", r.prompt());
        out.put("seed", seed);
        out.put("steps", r.steps());
        out.put("cfg", r.cfg());
        return out;
    }

    private static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }

    /** The rolling statistics as the database last left them, so that a restart does not blind the drift alarm. */
    private void refill() throws SQLException {
        for (ServeDatabase.ScoredImage s : db.recentScores(settings.statsWindow() * 20)) {
            try {
                stats.addScores(s.arm(), JSON.readValue(s.scores(), new TypeReference<Map<String, Double>>() {}));
            } catch (JsonProcessingException e) {
                log.accept("warning: skipped unreadable scores of an earlier image: " + e.getOriginalMessage());
            }
        }
        for (double v : db.recentComparisonVotes(settings.statsWindow())) {
            stats.addVote(v);
        }
        alarm.update(stats.winRates());
    }

    /** Refuses new requests, finishes every accepted one, and stops the batch worker. */
    @Override
    public void close() throws InterruptedException {
        batcher.close(settings.drainMillis());
    }
}
