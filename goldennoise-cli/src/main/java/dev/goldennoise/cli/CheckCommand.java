package dev.goldennoise.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.Provenance;
import dev.goldennoise.world.Category;
import dev.goldennoise.world.CheckResult;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;
import dev.goldennoise.util.ProgressTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Measure a model with the exact checker, per category.",
        description = {"Measure a model with the exact checker: the share of images that satisfy their prompt, per category.",
                "Prompt i of the set is generated with seed (seed offset + i). Several --steps and --cfg values make a sweep."})
public final class CheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin ModelOption model;

    @Option(names = "--prompt-set", defaultValue = "standard",
            description = "standard (100 prompts per category), or one category: single, pair, position, counting (default: ${DEFAULT-VALUE}).")
    String promptSet;

    @Option(names = "--per-category", defaultValue = "100", description = "Prompts per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--seed-offset", defaultValue = "0", description = "Seed of the first prompt (default: ${DEFAULT-VALUE}).")
    long seedOffset;

    @Option(names = "--steps", split = ",", defaultValue = "" + SamplingOptions.DEFAULT_STEPS, description = "DDIM steps; a comma list sweeps (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--cfg", split = ",", defaultValue = "" + SamplingOptions.DEFAULT_CFG, description = "Guidance scales; a comma list sweeps (default: ${DEFAULT-VALUE}).")
    List<Double> cfgs;

    @Option(names = "--batch", defaultValue = "64", description = "Images per denoiser batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write check.json here.")
    Path out;

    @Option(names = "--autoencoder-roundtrip",
            description = "Instead of sampling, check renders of the prompts after an encode/decode round trip through the model's autoencoder.")
    boolean roundtrip;

    @Override
    public Integer call() throws Exception {
        List<String> prompts = promptSet(promptSet, perCategory);
        if (out != null) {
            OutputFolder.prepare(out);
        }
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            jobs.add(new ImagePipeline.Job(prompts.get(i), seedOffset + i));
        }
        if (model.isExport()) {
            throw new UserError("check measures the built-in model with the shapes world's exact checker, which cannot judge an export's images; for an export run evaluate with --prompts-file and --external-scorer (docs/SDXL.md)");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel m = model.load(root)) {
            if (roundtrip) {
                long t0 = System.nanoTime();
                List<RgbImage> images = roundTrip(m, jobs, root);
                rows.add(score(0, 0, prompts, images, (System.nanoTime() - t0) / 1e9));
            }
            for (int st : roundtrip ? List.<Integer>of() : steps) {
                for (double cfg : cfgs) {
                    ImagePipeline pipeline = new ImagePipeline(m.asDiffusionModel(), st, cfg, batch);
                    List<RgbImage> images;
                    long t0 = System.nanoTime();
                    try (ProgressTask bar = Progress.task("steps " + st + " cfg " + cfg, jobs.size(), 0)) {
                        images = pipeline.generate(jobs, new StandardNoise(), root, bar::stepTo);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    rows.add(score(st, cfg, prompts, images, seconds));
                }
            }
        }
        printTable(rows);
        if (out != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", model.path().toString());
            result.put("prompt_set", promptSet);
            result.put("per_category", perCategory);
            result.put("seed_offset", seedOffset);
            result.put("rows", rows);
            result.putAll(Provenance.now());
            AtomicFiles.writeString(out.resolve("check.json"), JSON.writeValueAsString(result) + "\n");
        }
        return 0;
    }

    /** Renders each job's scene and passes it through the autoencoder, to measure what the decoder can express. */
    private List<RgbImage> roundTrip(BuiltinModel m, List<ImagePipeline.Job> jobs, NDManager root) {
        List<RgbImage> out = new ArrayList<>();
        for (int start = 0; start < jobs.size(); start += batch) {
            List<RgbImage> renders = new ArrayList<>();
            for (ImagePipeline.Job job : jobs.subList(start, Math.min(jobs.size(), start + batch))) {
                renders.add(Renderer.render(PromptParser.parse(job.prompt()), job.seed()));
            }
            try (NDManager sub = root.newSubManager()) {
                NDArray x = ImageBatches.stack(renders, sub);
                out.addAll(ImageBatches.unstack(m.autoencoder().decode(m.autoencoder().encode(x))));
            }
        }
        return out;
    }

    static final int MAX_PER_CATEGORY = 10_000;

    static List<String> promptSet(String name, int perCategory) {
        if (perCategory < 1 || perCategory > MAX_PER_CATEGORY) {
            throw new UserError("prompts per category must be from 1 to " + MAX_PER_CATEGORY + " (the evaluation sets have"
                    + " 100 distinct prompts per category; more only repeat them), got " + perCategory);
        }
        if (name.equals("standard")) {
            List<String> all = new ArrayList<>();
            for (Category c : Category.values()) {
                all.addAll(PromptSets.evaluationSet(c, perCategory));
            }
            return all;
        }
        for (Category c : Category.values()) {
            if (c.key().equals(name)) {
                return PromptSets.evaluationSet(c, perCategory);
            }
        }
        throw new UserError("unknown --prompt-set '" + name + "'; use standard, single, pair, position or counting");
    }

    private static Map<String, Object> score(int steps, double cfg, List<String> prompts, List<RgbImage> images, double seconds) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Double> partial = new LinkedHashMap<>();
        // report order: the categories present, in the grammar's order, then all of them together
        for (Category c : Category.values()) {
            if (prompts.stream().anyMatch(p -> PromptParser.parse(p).category() == c)) {
                counts.put(c.key(), new int[2]);
                partial.put(c.key(), 0.0);
            }
        }
        counts.put("all", new int[2]);
        partial.put("all", 0.0);
        for (int i = 0; i < prompts.size(); i++) {
            SceneSpec spec = PromptParser.parse(prompts.get(i));
            CheckResult r = Checker.check(images.get(i), spec);
            for (String key : List.of(spec.category().key(), "all")) {
                int[] c = counts.computeIfAbsent(key, k -> new int[2]);
                c[0] += r.correct() ? 1 : 0;
                c[1]++;
                partial.merge(key, r.partial(), Double::sum);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("steps", steps);
        row.put("cfg", cfg);
        Map<String, Object> acc = new LinkedHashMap<>();
        counts.forEach((k, c) -> acc.put(k, Map.of("correct", c[0], "total", c[1], "accuracy", (double) c[0] / c[1],
                "mean_partial", partial.get(k) / c[1])));
        row.put("categories", acc);
        row.put("seconds", seconds);
        return row;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(List<Map<String, Object>> rows) {
        List<String> keys = new ArrayList<>(((Map<String, Object>) rows.get(0).get("categories")).keySet());
        StringBuilder head = new StringBuilder(String.format("%-6s %-5s", "steps", "cfg"));
        // steps 0 marks the autoencoder round trip row
        keys.forEach(k -> head.append(String.format(" %14s", k)));
        head.append(String.format(" %9s", "seconds"));
        System.out.println(head);
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder(String.format("%-6s %-5s", row.get("steps"), row.get("cfg")));
            Map<String, Object> cats = (Map<String, Object>) row.get("categories");
            for (String k : keys) {
                Map<String, Object> c = (Map<String, Object>) cats.get(k);
                line.append(String.format(" %5.1f%% (%.2f)", 100 * (double) c.get("accuracy"), (double) c.get("mean_partial")));
            }
            line.append(String.format(" %9.1f", (double) row.get("seconds")));
            System.out.println(line);
        }
        System.out.println("accuracy (mean partial score) per category, by the exact checker");
    }
}
