package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.eval.Evaluation;
import dev.goldennoise.eval.EvaluationItem;
import dev.goldennoise.eval.EvaluationSettings;
import dev.goldennoise.eval.GeneratedImages;
import dev.goldennoise.eval.HtmlReport;
import dev.goldennoise.eval.NoiseChangeAnalysis;
import dev.goldennoise.eval.NoiseChanges;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.eval.PocSummary;
import dev.goldennoise.eval.ResultsJson;
import dev.goldennoise.eval.ScoreSheet;
import dev.goldennoise.eval.SummaryTable;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.score.external.OnnxClipScorer;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.util.Provenance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation an {@code evaluate} command line describes, checked: its items, strategies, scorers, settings and
 * what its images carry. The command generates and scores in one process; a Spark job (goldennoise-spark) parses the
 * same arguments into one of these on the driver and on every executor, so that both run the very same code.
 */
public final class EvaluateJob {
    private final EvaluateCommand c;
    private final boolean givenPrompts;
    private final List<String> prompts;
    private final List<Long> seeds;
    private final List<EvaluationItem> items;

    private EvaluateJob(EvaluateCommand c, boolean givenPrompts, List<String> prompts, List<Long> seeds, List<EvaluationItem> items) {
        this.c = c;
        this.givenPrompts = givenPrompts;
        this.prompts = prompts;
        this.seeds = seeds;
        this.items = items;
    }

    /** Parses {@code evaluate}'s options as the command line does and checks them; a bad one throws its one-line error. */
    public static EvaluateJob parse(List<String> args) {
        EvaluateCommand c = new EvaluateCommand();
        Main.configure(new picocli.CommandLine(c)).parseArgs(args.toArray(String[]::new));
        if (c.plan) {
            throw new UserError("--plan generates nothing; run it with ./goldennoise evaluate --plan");
        }
        return check(c);
    }

    /** Every check that needs no model, in the order the command has always made them. */
    static EvaluateJob check(EvaluateCommand c) {
        if (c.noise == null || c.noise.isEmpty()) {
            throw new UserError("give the strategies to compare with --noise, e.g. --noise standard,npnet (or --plan to size a test)");
        }
        boolean givenPrompts = !c.promptInput.prompts.isEmpty() || c.promptInput.promptsFile != null;
        if (givenPrompts && c.promptSet != null) {
            throw new UserError("give either --prompt-set or prompts (arguments or --prompts-file), not both");
        }
        boolean export = c.model.isExport();
        if (export && !givenPrompts) {
            throw new UserError("an ONNX export is evaluated on your own prompts: give them as arguments or with --prompts-file"
                    + " (one per line, or a CSV with a prompt column); the --prompt-set sets are the shapes world's");
        }
        if (export && c.externalScorers.isEmpty()) {
            throw new UserError("an ONNX export needs an external scorer to judge its images: add --external-scorer DIR (a CLIP-style"
                    + " ONNX export, docs/SDXL.md); the shapes checker and scorers only judge the built-in model's world");
        }
        List<String> prompts = export ? c.promptInput.readFree() : givenPrompts ? c.promptInput.read()
                : CheckCommand.promptSet(c.promptSet == null ? "standard" : c.promptSet, c.perCategory);
        c.policy.check(prompts);
        List<Long> seedList = SeedList.parse(c.seeds);
        List<EvaluationItem> items = export ? EvaluationItem.expandFree(prompts, seedList, c.distinctNoises)
                : EvaluationItem.expand(prompts, seedList, c.distinctNoises);
        if (c.sample < 0) {
            throw new UserError("--sample must be at least 0, got " + c.sample);
        }
        return new EvaluateJob(c, givenPrompts, prompts, seedList, items);
    }

    public List<EvaluationItem> items() {
        return items;
    }

    public Path out() {
        return c.out;
    }

    /** Items shown side by side in the report. */
    public int sample() {
        return c.sample;
    }

    /** The metric the verdicts rest on, or null for the default. */
    public String primary() {
        return c.primary;
    }

    public boolean isExport() {
        return c.model.isExport();
    }

    /** Whether {@code --batch} was given (an export's default depends on the memory of the machine it runs on). */
    public boolean batchGiven() {
        return c.sampling.batch != null;
    }

    /** The strategies of {@code --noise}, labelled, baseline first; a bad name is a one-line error. */
    public List<LabelledStrategy> strategies(NDManager manager) {
        try {
            return LabelledStrategy.fromNames(c.noise, c.sampling.strategyContext(manager, c.scorerDir));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * The exact checker (verdict and partial score), the learned scorers whose weights exist, and any external ones;
     * for an export, the external ones alone, as the others judge the shapes world. {@code --primary} must name one.
     */
    public List<Scorer> scorers(NDManager manager) throws IOException {
        List<Scorer> all = c.model.isExport() ? new ArrayList<>()
                : new ArrayList<>(Scorers.defaults(c.scorerDir != null ? c.scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR), manager));
        for (Path dir : c.externalScorers) {
            all.add(OnnxClipScorer.load(dir, c.model.device));
        }
        if (c.primary != null && all.stream().noneMatch(sc -> sc.name().equals(c.primary))) {
            throw new UserError("--primary " + c.primary + " is not a scorer of this evaluation; choose one of "
                    + String.join(", ", all.stream().map(Scorer::name).toList()));
        }
        return all;
    }

    /** The content hash of the model: every byte of its weights, so worth computing once. */
    public String modelDigest() throws IOException {
        return c.model.digest();
    }

    public NoiseRng rng() {
        return c.rng.resolve(c.model);
    }

    /** What decides the images, as {@value EvaluationSettings#FILE} records it. */
    public EvaluationSettings settings(String modelDigest) {
        return new EvaluationSettings(c.model.path().toAbsolutePath().normalize().toString(), modelDigest,
                c.sampling.steps, c.sampling.cfg, prompts, seeds, rng().label(), c.sampling.sampler().label());
    }

    /** What every image carries in its PNG; {@code commit} is the code's, as the process that plans the run sees it. */
    public ImageProvenance imageProvenance(String modelDigest, String commit) {
        return c.model.imageProvenance(modelDigest, c.sampling.sampler().label(), c.sampling.steps, c.sampling.cfg, commit)
                .withRng(rng().label());
    }

    /** The built-in model or the export that {@code --model} names, loaded. */
    public LoadedModel open(NDManager root) {
        return c.model.open(root);
    }

    /** Images per denoiser batch on the loaded model. */
    public int batch(DiffusionModel loaded) {
        return c.sampling.batch(c.model, loaded);
    }

    public ImagePipeline pipeline(DiffusionModel loaded) {
        return c.sampling.pipeline(loaded, rng(), c.model);
    }

    /** The settings as results.json and the report show them. */
    private Map<String, Object> describe(EvaluationSettings s, int batch) {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Object> source = new LinkedHashMap<>();
        if (givenPrompts) {
            source.put("prompts_file", c.promptInput.promptsFile == null ? null : c.promptInput.promptsFile.toString());
            source.put("prompt_arguments", c.promptInput.prompts.size());
        } else {
            source.put("prompt_set", c.promptSet == null ? "standard" : c.promptSet);
            source.put("per_category", c.perCategory);
        }
        d.put("prompt_source", source);
        d.put("prompts", s.prompts().size());
        d.put("seeds", new ArrayList<>(s.seeds()));
        d.put("seed_rule", "seed s of --seeds for a prompt's first occurrence in the list, s + "
                + EvaluationItem.OCCURRENCE_STRIDE + "*k for its k-th repeat");
        d.put("sampler", s.sampler());
        d.put("rng", s.rng());
        d.put("steps", s.steps());
        d.put("cfg", s.cfg());
        d.put("batch", batch);
        d.put("model", s.model());
        d.put("model_sha256", s.modelSha256());
        return d;
    }

    /**
     * {@code --batch}, or the built-in model's default; null for an export without {@code --batch}, whose default
     * needs the loaded model and the memory of the machine it runs on.
     */
    public Integer plannedBatch() {
        return c.sampling.batch != null ? c.sampling.batch : isExport() ? null : SamplingOptions.BUILTIN_BATCH;
    }

    /**
     * Every image generated and scored: the statistics, {@value ResultsJson#FILE} and {@value HtmlReport#FILE} in
     * {@code dir} (which holds the images the report shows), and the summary table on {@code w}.
     */
    public void report(Path dir, List<LabelledStrategy> strategies, List<Scorer> scorers, GeneratedImages generated,
            ScoreSheet sheet, int baseCalls, EvaluationSettings settings, int batch, Map<String, NoiseChanges> noiseChanges,
            PrintWriter w) throws IOException {
        Evaluation evaluation = Evaluation.of(items, strategies, scorers, generated, sheet, baseCalls);
        PocSummary answer = PocSummary.of(evaluation, c.primary);
        Map<String, Object> described = describe(settings, batch);
        Map<String, Object> provenance = Provenance.now();
        ResultsJson.write(dir.resolve(ResultsJson.FILE), described, provenance, evaluation, answer);
        HtmlReport.write(dir.resolve(HtmlReport.FILE), described, provenance, evaluation, answer, c.sample, noiseChanges);
        w.print(SummaryTable.of(evaluation, answer));
    }

    /**
     * What each strategy that makes its noise without the denoiser changes in it, over the items, for the report;
     * loads the model for it (a driver that generated nothing itself).
     */
    public Map<String, NoiseChanges> noiseChanges(NDManager root, List<LabelledStrategy> strategies) throws IOException {
        LoadedModel m = open(root);
        try {
            return NoiseChangeAnalysis.of(pipeline(m.model()), items, strategies, root);
        } finally {
            try {
                m.close();
            } catch (Exception e) {
                throw new IOException("could not close the model: " + e.getMessage(), e);
            }
        }
    }

    /** The message that refuses a folder holding images made with other settings. */
    public static String otherSettings(Object out, List<String> differences) {
        return out + " holds an evaluation with other settings: " + String.join(", ", differences)
                + "; use another --out or delete that folder";
    }
}
