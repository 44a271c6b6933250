package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.eval.CachedGenerator;
import dev.goldennoise.eval.Evaluation;
import dev.goldennoise.eval.EvaluationItem;
import dev.goldennoise.eval.EvaluationSettings;
import dev.goldennoise.eval.GeneratedImages;
import dev.goldennoise.eval.HtmlReport;
import dev.goldennoise.eval.NoiseChangeAnalysis;
import dev.goldennoise.eval.NoiseChanges;
import dev.goldennoise.eval.ImageCache;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.eval.PilotRun;
import dev.goldennoise.eval.PocPlan;
import dev.goldennoise.eval.PocSummary;
import dev.goldennoise.eval.ResultsJson;
import dev.goldennoise.eval.ScoreSheet;
import dev.goldennoise.eval.SummaryTable;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.external.OnnxClipScorer;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Compare noise strategies on shared seeds under every scorer.",
        description = {"Compare noise strategies on shared seeds: every (prompt, seed) item is generated",
                "by every strategy from the same initial noise and scored by every scorer; each",
                "strategy is compared item by item with standard noise (strict wins, ties and",
                "losses, win rate with a 95%% interval, sign-test p), overall and per category,",
                "and its cost is measured. Writes DIR/results.json, DIR/report.html and the",
                "images under DIR/images/<strategy>/.",
                "",
                "Strategies: the first is the baseline and is always standard (moved to the",
                "front, or added). A name listed again gets the label name#2, name#3, ...:",
                "--noise standard,standard compares standard with itself (every item ties).",
                "Seeds: prompt i is generated with every seed s of --seeds, but the k-th repeat",
                "of a prompt in the list (large single and counting sets repeat prompts) uses",
                "seed s + 1000*k, so repeats are new images; results.json records each seed.",
                "Every prompt's first item under s then shares the noise of s: --distinct-noises",
                "gives each item a noise of its own instead.",
                "Resumable: rerun the same command and finished images are reused. Another",
                "model, --steps, --cfg, --rng, prompt list or --seeds into the same --out is refused.",
                ""})
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin PromptInput promptInput;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;
    @Mixin RngOption rng;

    @Option(names = "--prompt-set", paramLabel = "NAME",
            description = "standard (every category), or one category: single, pair, position, counting; used when no prompts are given (default: standard).")
    String promptSet;

    @Option(names = "--per-category", paramLabel = "N", defaultValue = "100", description = "Prompts per category of --prompt-set (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0", description = "Seeds of every prompt, e.g. 0-3 or 3,5 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--noise", paramLabel = "LIST", split = ",",
            description = "Strategies, comma-separated: ${COMPLETION-CANDIDATES}; standard is the baseline (added first if missing); standard alone gives plain measurements, e.g. standard,npnet compares.",
            completionCandidates = GenerateCommand.NoiseNames.class)
    List<String> noise;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/evaluate", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--distinct-noises", description = "Give every item its own initial noise (prompt i under seed s starts from"
            + " the noise of a seed mixed from s and i) instead of every prompt sharing the noise of s; a strategy's gain is then"
            + " measured over as many noises as items, not over as many as seeds.")
    boolean distinctNoises;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "24", description = "Items shown side by side in the report (default: ${DEFAULT-VALUE}).")
    int sample;

    @Spec CommandSpec spec;

    /** The scorers every image gets; learned scorers join this list as they become available. */
    @Option(names = "--scorers", paramLabel = "DIR",
            description = "Folder with the learned scorers' preference.safetensors and judge.safetensors (default: models/scorer in the goldennoise folder); a scorer whose weights are missing is left out.")
    Path scorerDir;

    @Option(names = "--external-scorer", paramLabel = "DIR",
            description = "A folder with an external CLIP-style ONNX scorer and its scorer.json (PickScore, HPSv2, an aesthetic head; see docs/SDXL.md); repeatable.")
    List<Path> externalScorers = new ArrayList<>();

    @Option(names = "--primary", paramLabel = "METRIC",
            description = "The metric the verdicts rest on (default: checker where present, else judge, else the first scorer).")
    String primary;

    @Option(names = "--plan", description = "Only plan a proof of concept: print how many (prompt, seed) items a paired test of checker accuracy needs to detect --effect with --power; generates nothing.")
    boolean plan;

    @Option(names = "--effect", paramLabel = "GAIN", defaultValue = "0.05", description = "With --plan: the gain in checker accuracy to detect, 0.05 = 5 points (default: ${DEFAULT-VALUE}).")
    double effect;

    @Option(names = "--power", paramLabel = "P", defaultValue = "0.8", description = "With --plan: the chance of detecting it at two-sided alpha 0.05 (default: ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--pilot", paramLabel = "DIR", description = "With --plan: a finished evaluation whose measured discordant rate replaces --discordant.")
    Path pilot;

    @Option(names = "--discordant", paramLabel = "RATE", defaultValue = "0.2",
            description = "With --plan and no --pilot: the assumed share of items where exactly one of the two images is correct (default: ${DEFAULT-VALUE}).")
    double discordant;

    /** Images per denoiser batch, once the model is loaded (an export's default depends on its latent size). */
    private int batch;

    /** The items, images and strategies of the last run and what its images carry, for commands that show them (demo). */
    List<EvaluationItem> items;
    GeneratedImages generated;
    List<LabelledStrategy> strategies;
    ImageProvenance imageProvenance;

    @Override
    public Integer call() throws Exception {
        if (plan) {
            return plan();
        }
        EvaluateJob job = EvaluateJob.check(this);
        List<EvaluationItem> items = job.items();
        this.items = items;
        boolean export = job.isExport();
        NDManager scoreManager = NDManager.newBaseManager();
        try {
            List<LabelledStrategy> strategies = job.strategies(scoreManager);
            OutputFolder.prepare(out);
            List<Scorer> scorers = job.scorers(scoreManager);
            EvaluationSettings settings;
            GeneratedImages generated;
            Map<String, NoiseChanges> noiseChanges;
            int baseCalls;
            try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
                String modelDigest = job.modelDigest();
                settings = job.settings(modelDigest);
                imageProvenance = job.imageProvenance(modelDigest, Provenance.commit());
                batch = job.batch(m.model());
                ImagePipeline pipeline = job.pipeline(m.model());
                baseCalls = pipeline.denoiserCallsPerImage();
                checkOrRecord(settings);
                generated = new CachedGenerator(pipeline, batch, out, imageProvenance).run(items, strategies, root);
                this.generated = generated;
                this.strategies = strategies;
                noiseChanges = NoiseChangeAnalysis.of(pipeline, items, strategies, root);
            }
            ScoreSheet sheet = ScoreSheet.of(items, generated.images(), scorers, batch, !export);
            PrintWriter w = spec.commandLine().getOut();
            job.report(out, strategies, scorers, generated, sheet, baseCalls, settings, batch, noiseChanges, w);
            w.printf("%n%d images made, %d reused from an earlier run; wrote %s and %s%n", generated.made(), generated.reused(),
                    out.resolve(ResultsJson.FILE), out.resolve(HtmlReport.FILE));
            w.flush();
        } finally {
            scoreManager.close();
        }
        return 0;
    }

    /** {@code --plan}: sizes a paired test from a pilot's discordant rate or a stated assumption; touches no model. */
    private int plan() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        double alpha = 0.05;
        try {
            w.printf(Locale.ROOT, "paired test of checker accuracy (McNemar, exact sign test on discordant items), two-sided alpha %.2f,"
                    + " power %.2f, gain to detect %.3f (%.1f points)%n", alpha, power, effect, 100 * effect);
            w.printf("n = (z(1-alpha/2)*sqrt(psi) + z(power)*sqrt(psi - gain^2))^2 / gain^2, psi = share of discordant items%n");
            if (pilot == null) {
                long n = PocPlan.items(effect, discordant, alpha, power);
                w.printf(Locale.ROOT, "discordant rate %.3f (assumed; --pilot DIR measures it from a finished evaluation)%n", discordant);
                w.printf(Locale.ROOT, "items needed: %d (prompt, seed) items, e.g. %d prompts x 2 seeds%n", n, (n + 1) / 2);
            } else {
                PilotRun run = PilotRun.read(pilot);
                for (PilotRun.Arm arm : run.arms()) {
                    double psi = arm.discordantRate();
                    if (psi <= effect) {
                        w.printf(Locale.ROOT, "%s: discordant rate %.3f on %d items is not above the gain %.3f: the strategies"
                                + " disagree too rarely to show that gain%n", arm.label(), psi, arm.items(), effect);
                        continue;
                    }
                    long n = PocPlan.items(effect, psi, alpha, power);
                    w.printf(Locale.ROOT, "%s vs %s: discordant rate %.3f measured on %d items (observed gain %+.1f points); items needed:"
                                    + " %d; the pilot's %d items have power %.2f for this gain%n", arm.label(), run.baseline(), psi,
                            arm.items(), 100 * arm.gain(), n, arm.items(), PocPlan.power(arm.items(), effect, psi, alpha));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        w.flush();
        return 0;
    }

    /**
     * Refuses a folder whose images were made with other settings; records the settings of a fresh one, or of a
     * folder that has settings but no image yet (a run that stopped before its first batch).
     */
    private void checkOrRecord(EvaluationSettings settings) throws IOException {
        Path file = out.resolve(EvaluationSettings.FILE);
        if (Files.exists(file) && holdsImages()) {
            List<String> diff = settings.differencesFrom(EvaluationSettings.read(file));
            if (!diff.isEmpty()) {
                throw new UserError(EvaluateJob.otherSettings(out, diff));
            }
        } else {
            settings.write(file);
        }
    }

    private boolean holdsImages() throws IOException {
        Path images = out.resolve(CachedGenerator.IMAGES);
        if (!Files.isDirectory(images)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(images)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(ImageCache.INDEX));
        }
    }
}
