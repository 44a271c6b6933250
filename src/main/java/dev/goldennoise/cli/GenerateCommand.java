package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.util.Progress;
import dev.goldennoise.world.RgbImage;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate images for prompts and seeds; writes PNGs and DIR/manifest.jsonl (one JSON line per",
                "image). A rerun into the same folder adds to the manifest: image names carry a digest of the",
                "model, steps, CFG and noise, so images made with other settings never replace earlier ones.",
                "Each PNG carries its prompt, seed, noise, model, settings and commit in text chunks (see inspect)."})
public final class GenerateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = "manifest.jsonl";

    @Mixin PromptInput prompts;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0", description = "Seeds, e.g. 0-7 or 3,5 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "standard", description = "Noise strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = NoiseNames.class)
    String noise;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/generate", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> promptList = model.isExport() ? prompts.readFree() : prompts.read();
        policy.check(promptList);
        List<Long> seedList = SeedList.parse(seeds);
        OutputFolder.prepare(out);
        Path manifestFile = out.resolve(MANIFEST);
        Map<String, String> lines = earlierLines(manifestFile);
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (String p : promptList) {
            for (long s : seedList) {
                jobs.add(new ImagePipeline.Job(p, s));
            }
        }
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            NoiseStrategy strategy;
            try {
                strategy = NoiseStrategies.byName(noise, sampling.strategyContext(root, null));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
            ImagePipeline pipeline = sampling.pipeline(m.model());
            List<RgbImage> images;
            try (ProgressBar bar = Progress.bar("generate", jobs.size(), 0)) {
                images = pipeline.generate(jobs, strategy, root, bar::stepTo);
            }
            // an image's name carries a digest of everything that made it, so a rerun with other settings adds
            // files instead of replacing them, and the manifest only gains lines
            String modelDigest = model.digest();
            ImageProvenance provenance = model.imageProvenance(modelDigest, pipeline.sampler().label(), pipeline.steps(), pipeline.cfg());
            String noiseDigest = LabelledStrategy.noiseDigest(strategy);
            StringBuilder identity = new StringBuilder(modelDigest).append('\n').append(pipeline.steps()).append('\n')
                    .append(pipeline.cfg()).append('\n').append(strategy.name());
            for (String digest : LabelledStrategy.weightDigests(strategy)) {
                identity.append('\n').append(digest);
            }
            if (!pipeline.sampler().equals(SamplerSpec.DDIM)) {
                identity.append('\n').append(pipeline.sampler().label()); // DDIM's names stay those of earlier runs
            }
            for (int i = 0; i < jobs.size(); i++) {
                ImagePipeline.Job job = jobs.get(i);
                String file = ImageNames.of(i, job, strategy.name(), identity.toString());
                AtomicFiles.write(out.resolve(file), provenance.png(images.get(i).toBufferedImage(), job.prompt(),
                        Long.toString(job.seed()), strategy.name(), noiseDigest));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("prompt", job.prompt());
                line.put("seed", job.seed());
                line.put("noise", strategy.name());
                line.put("image", file);
                line.put("model", m.model().name());
                line.put("sampler", pipeline.sampler().label());
                line.put("steps", pipeline.steps());
                line.put("cfg", pipeline.cfg());
                lines.remove(file);
                lines.put(file, JSON.writeValueAsString(line));
            }
            AtomicFiles.writeString(manifestFile, String.join("\n", lines.values()) + "\n");
            System.out.println("wrote " + jobs.size() + " images and " + manifestFile + " (" + lines.size() + " images in all)");
        }
        return 0;
    }

    /**
     * The lines of an earlier manifest in this folder, by image file. A line whose image is made again is replaced
     * (same name, same settings: the same image); every other line is kept.
     */
    private static Map<String, String> earlierLines(Path manifest) throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        if (!Files.exists(manifest)) {
            return lines;
        }
        int n = 0;
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode image;
            try {
                image = JSON.readTree(line).get("image");
            } catch (IOException e) {
                image = null;
            }
            if (image == null || !image.isTextual()) {
                throw new UserError(manifest + " line " + n + " is not a manifest line with an image; move that file away"
                        + " or choose another --out");
            }
            lines.put(image.asText(), line);
        }
        return lines;
    }

    static final class NoiseNames extends ArrayList<String> {
        NoiseNames() {
            super(NoiseStrategies.names());
        }
    }
}
