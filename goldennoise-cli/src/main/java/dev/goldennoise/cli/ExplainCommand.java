package dev.goldennoise.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.CfgSampler;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.eval.ExplainItem;
import dev.goldennoise.eval.ExplainReport;
import dev.goldennoise.eval.NoiseChanges;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseBatch;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptException;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.util.ProgressTask;
import dev.goldennoise.tensor.Scalars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        header = "Show what a noise strategy changes, as an HTML page.",
        description = {"Show what a noise strategy changes: writes DIR/explain.html with, per (prompt, seed), x_T, the",
                "strategy's x_T', their difference and its slow part, the layout each noise promises at the",
                "first step, the final images with the checker's verdicts and the change under other prompts;",
                "and over a prompt set, the power spectrum of the change, singular values before and after,",
                "where the change is large per category, and how Gaussian the noises stay."})
public final class ExplainCommand implements Callable<Integer> {
    /** Items of a batch through the strategy and the denoiser at once. */
    private static final int BATCH = 32;
    /** Other prompts each shown item's x_T is also moved for. */
    private static final int OTHER_PROMPTS = 3;

    @Mixin PromptInput prompts;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0", description = "Seeds of every prompt, e.g. 0-3 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "npnet", description = "The strategy to explain (default: ${DEFAULT-VALUE}).",
            completionCandidates = GenerateCommand.NoiseNames.class)
    String noise;

    @Option(names = "--prompt-set", paramLabel = "NAME", defaultValue = "standard",
            description = "The set the summary is computed over: standard, single, pair, position or counting (default: ${DEFAULT-VALUE}).")
    String promptSet;

    @Option(names = "--per-category", paramLabel = "N", defaultValue = "25", description = "Prompts per category of --prompt-set (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/explain", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (model.isExport()) {
            throw new UserError("explain runs on the built-in model (its prompts, checker and categories); for an export use"
                    + " generate --noise and compare the images");
        }
        boolean given = !prompts.prompts.isEmpty() || prompts.promptsFile != null;
        List<String> shown = given ? prompts.read() : firstOfEachCategory();
        List<String> set = CheckCommand.promptSet(promptSet, perCategory);
        policy.check(shown);
        policy.check(set);
        List<Long> seedList = SeedList.parse(seeds);
        OutputFolder.prepare(out);
        try (NDManager root = NDManager.newBaseManager(); LoadedModel loaded = model.open(root)) {
            DiffusionModel m = loaded.model();
            NoiseStrategy strategy;
            try {
                strategy = NoiseStrategies.byName(noise, sampling.strategyContext(root, null));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
            int[] shape = {(int) m.latentShape().get(0), (int) m.latentShape().get(1), (int) m.latentShape().get(2)};
            ImagePipeline pipeline = sampling.pipeline(m, NoiseRng.JAVA, model); // the x_T shown are Seeds.noise, java.util.Random's
            int first = sampling.sampler().timesteps(m.scheduler(), sampling.steps)[0];
            List<ExplainItem> items = new ArrayList<>();
            NoiseChanges changes = new NoiseChanges(shape[0], shape[1], shape[2]);
            List<Job> setJobs = jobs(set, seedList);
            List<Job> shownJobs = jobs(shown, seedList);
            try (ProgressTask bar = Progress.task("explain", shownJobs.size() + setJobs.size(), 0)) {
                items.addAll(items(shownJobs, shown, strategy, m, pipeline, first, root));
                bar.stepBy(shownJobs.size());
                for (int start = 0; start < setJobs.size(); start += BATCH) {
                    List<Job> batch = setJobs.subList(start, Math.min(setJobs.size(), start + BATCH));
                    try (NDManager sub = root.newSubManager()) {
                        float[][] pair = move(batch.stream().map(Job::prompt).toList(), batch.stream().map(Job::seed).toList(),
                                strategy, m, sub);
                        int per = pair[0].length / batch.size();
                        for (int k = 0; k < batch.size(); k++) {
                            changes.add(slice(pair[0], k, per), slice(pair[1], k, per), batch.get(k).category());
                        }
                    }
                    bar.stepBy(batch.size());
                }
            }
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("noise", strategy.name());
            provenance.put("model", model.path().toString());
            provenance.put("model_sha256", model.digest());
            provenance.put("sampler", sampling.sampler().label());
            provenance.put("steps", sampling.steps);
            provenance.put("cfg", sampling.cfg);
            provenance.put("summary_set", promptSet + ", " + perCategory + " per category, seeds " + seeds);
            provenance.putAll(Provenance.now());
            Path page = out.resolve(ExplainReport.FILE);
            ExplainReport.write(page, strategy.name(), shape, items, changes, provenance);
            System.out.printf("explained %s on %d shown items and %d summary items: %s%n", strategy.name(), items.size(),
                    changes.items(), page);
        }
        return 0;
    }

    private record Job(String prompt, long seed, String category) {}

    private static List<Job> jobs(List<String> prompts, List<Long> seeds) {
        List<Job> out = new ArrayList<>();
        for (String p : prompts) {
            String category;
            try {
                category = PromptParser.parse(p).category().key();
            } catch (PromptException e) {
                throw new UserError(e.getMessage());
            }
            for (long s : seeds) {
                out.add(new Job(p, s, category));
            }
        }
        return out;
    }

    private static List<String> firstOfEachCategory() {
        List<String> out = new ArrayList<>();
        for (String set : List.of("single", "pair", "position", "counting")) {
            out.add(CheckCommand.promptSet(set, 1).get(0));
        }
        return out;
    }

    /** The shown items, each step batched over all of them: the strategy, the first-step predictions, the images. */
    private List<ExplainItem> items(List<Job> jobs, List<String> shown, NoiseStrategy strategy, DiffusionModel m,
                                    ImagePipeline pipeline, int firstStep, NDManager root) {
        try (NDManager sub = root.newSubManager()) {
            List<String> prompts = jobs.stream().map(Job::prompt).toList();
            List<Long> seeds = jobs.stream().map(Job::seed).toList();
            float[][] pair = move(prompts, seeds, strategy, m, sub);
            int per = pair[0].length / jobs.size();
            List<RgbImage> promisedStandard = promised(pair[0], jobs.size(), prompts, firstStep, m, sub);
            List<RgbImage> promisedGolden = promised(pair[1], jobs.size(), prompts, firstStep, m, sub);
            List<ImagePipeline.Job> imageJobs = jobs.stream().map(j -> new ImagePipeline.Job(j.prompt(), j.seed())).toList();
            List<RgbImage> plain = pipeline.generate(imageJobs, new StandardNoise(), sub, n -> { });
            List<RgbImage> golden = pipeline.generate(imageJobs, strategy, sub, n -> { });
            // the same x_T moved for other prompts: every (item, other prompt) combination in one batch
            List<String> otherPrompts = new ArrayList<>();
            List<Long> otherSeeds = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int k = 0; k < jobs.size(); k++) {
                int taken = 0;
                for (String other : shown) {
                    if (!other.equals(jobs.get(k).prompt()) && taken < OTHER_PROMPTS) {
                        otherPrompts.add(other);
                        otherSeeds.add(jobs.get(k).seed());
                        owner.add(k);
                        taken++;
                    }
                }
            }
            List<Map<String, float[]>> others = new ArrayList<>();
            jobs.forEach(j -> others.add(new LinkedHashMap<>()));
            if (!otherPrompts.isEmpty()) {
                float[][] moved = move(otherPrompts, otherSeeds, strategy, m, sub);
                for (int r = 0; r < otherPrompts.size(); r++) {
                    float[] d = slice(moved[1], r, per);
                    float[] x = slice(moved[0], r, per);
                    for (int i = 0; i < d.length; i++) {
                        d[i] -= x[i];
                    }
                    others.get(owner.get(r)).put(otherPrompts.get(r), d);
                }
            }
            List<ExplainItem> out = new ArrayList<>();
            for (int k = 0; k < jobs.size(); k++) {
                Job job = jobs.get(k);
                var spec = PromptParser.parse(job.prompt());
                out.add(new ExplainItem(job.prompt(), job.category(), job.seed(), slice(pair[0], k, per), slice(pair[1], k, per),
                        promisedStandard.get(k), promisedGolden.get(k), plain.get(k), golden.get(k),
                        Checker.check(plain.get(k), spec).correct(), Checker.check(golden.get(k), spec).correct(), others.get(k)));
            }
            return out;
        }
    }

    /** x_T and the strategy's x_T' for each (prompt, seed), flattened. */
    private static float[][] move(List<String> prompts, List<Long> seeds, NoiseStrategy strategy, DiffusionModel m, NDManager sub) {
        PromptEmbedding cond = m.textEncoder().encode(prompts, sub);
        PromptEmbedding uncond = m.textEncoder().encode(Collections.nCopies(prompts.size(), ""), sub);
        NDArray xT = Seeds.noise(sub, seeds, m.latentShape());
        NDArray moved = strategy.apply(xT, new NoiseBatch(prompts, seeds, cond, uncond), m);
        return new float[][] {xT.toFloatArray(), moved.toFloatArray()};
    }

    /** The model's x̂₀ at the first sampling step from each noise, decoded: the layout the noise sets up. */
    private List<RgbImage> promised(float[] noises, int n, List<String> prompts, int t, DiffusionModel m, NDManager sub) {
        NDArray x = sub.create(noises, new Shape(n, m.latentShape().get(0), m.latentShape().get(1), m.latentShape().get(2)));
        PromptEmbedding cond = m.textEncoder().encode(prompts, sub);
        PromptEmbedding uncond = m.textEncoder().encode(Collections.nCopies(n, ""), sub);
        NDArray eps = new CfgSampler(m.denoiser()).guidedNoise(x, t, cond, uncond, sampling.cfg);
        double a = m.schedule().alphaCumprod(t);
        NDArray x0 = Scalars.over(x.sub(Scalars.times(eps, Math.sqrt(1 - a))), Math.sqrt(a));
        return ImageBatches.unstack(m.decoder().decode(x0));
    }

    private static float[] slice(float[] all, int k, int per) {
        float[] out = new float[per];
        System.arraycopy(all, k * per, out, 0, per);
        return out;
    }
}
