package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.diffusion.SamplerSpec;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.io.LatentNpy;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.util.Progress;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.util.ProgressTask;
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
        header = "Generate images for prompts and seeds.",
        description = {"Generate images for prompts and seeds; writes PNGs and DIR/manifest.jsonl (one JSON line per",
                "image). A rerun into the same folder adds to the manifest: image names carry a digest of the",
                "model, steps, CFG and noise, so images made with other settings never replace earlier ones.",
                "Each PNG carries its prompt, seed, noise, model, settings and commit in text chunks (see inspect).",
                "--save-noise also writes each image's x_T and x_T' as .npy;",
                "--noise-file starts from a given latent."})
public final class GenerateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = "manifest.jsonl";

    @Mixin PromptInput prompts;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;
    @Mixin RngOption rng;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Seeds, e.g. 0-7 or 3,5 (default: 0).")
    String seeds;

    @Option(names = "--save-noise", description = "Also write each image's initial noise x_T and the strategy's x_T'"
            + " (what sampling started from) beside it as NAME.xT.npy and NAME.golden.npy, (1, C, H, W) float32;"
            + " the manifest names them (x_T, golden).")
    boolean saveNoise;

    @Option(names = "--noise-file", paramLabel = "FILE.npy", description = "Start from this latent instead of a seed's"
            + " noise: a .npy of the model's latent shape, (1, C, H, W) or (C, H, W), float32, float16 or float64, e.g."
            + " from --save-noise or the noise command. It is x_T for every prompt, and --noise maps it as usual; not"
            + " with --seeds (strategies that draw noises of their own derive them from seed 0).")
    Path noiseFile;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "standard", description = "Noise strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = NoiseNames.class)
    String noise;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/generate", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> promptList = model.isExport() ? prompts.readFree() : prompts.read();
        policy.check(promptList);
        if (noiseFile != null && seeds != null) {
            throw new UserError("--noise-file gives the initial noise itself; leave out --seeds");
        }
        List<Long> seedList = SeedList.parse(seeds == null ? "0" : seeds);
        NoiseRng noiseRng = rng.resolve(model);
        OutputFolder.prepare(out);
        Path manifestFile = out.resolve(MANIFEST);
        Map<String, String> lines = earlierLines(manifestFile, "image");
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = model.open(root)) {
            long[] latent = m.model().latentShape().getShape();
            float[] given;
            try {
                given = noiseFile == null ? null : LatentNpy.read(noiseFile, latent);
            } catch (IOException e) {
                throw new UserError("--noise-file: " + e.getMessage(), e);
            }
            String givenDigest = noiseFile == null ? null : FileDigest.sha256(noiseFile);
            List<ImagePipeline.Job> jobs = new ArrayList<>();
            for (String p : promptList) {
                for (long s : seedList) {
                    jobs.add(new ImagePipeline.Job(p, s, given));
                }
            }
            NoiseStrategy strategy;
            try {
                strategy = NoiseStrategies.byName(noise, sampling.strategyContext(root, null));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage());
            }
            ImagePipeline pipeline = sampling.pipeline(m.model(), noiseRng, model);
            // an image's name carries a digest of everything that made it, so a rerun with other settings adds
            // files instead of replacing them, and the manifest only gains lines
            String modelDigest = model.digest();
            String source = given != null ? "file sha256:" + givenDigest : noiseRng.label();
            ImageProvenance provenance = model.imageProvenance(modelDigest, pipeline.sampler().label(), pipeline.steps(), pipeline.cfg()).withRng(source);
            String noiseDigest = LabelledStrategy.noiseDigest(strategy);
            StringBuilder identity = new StringBuilder(modelDigest).append('\n').append(pipeline.steps()).append('\n')
                    .append(pipeline.cfg()).append('\n').append(strategy.name());
            for (String digest : LabelledStrategy.weightDigests(strategy)) {
                identity.append('\n').append(digest);
            }
            if (given != null || noiseRng != NoiseRng.JAVA) {
                // java.util.Random's images keep the names they had before other sources of x_T existed
                identity.append('\n').append(source);
            }
            if (!pipeline.sampler().equals(SamplerSpec.DDIM)) {
                identity.append('\n').append(pipeline.sampler().label()); // DDIM's names stay those of earlier runs
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                names.add(ImageNames.of(i, jobs.get(i), strategy.name(), identity.toString()));
            }
            List<RgbImage> images;
            try (ProgressTask bar = Progress.task("generate", jobs.size(), 0)) {
                NoiseFiles saved = new NoiseFiles(out, names, latent);
                images = pipeline.generate(jobs, strategy, root, bar::stepTo,
                        saveNoise ? saved::write : (batch, xT, golden) -> { });
            }
            for (int i = 0; i < jobs.size(); i++) {
                ImagePipeline.Job job = jobs.get(i);
                String file = names.get(i);
                AtomicFiles.write(out.resolve(file), provenance.png(images.get(i).toBufferedImage(), job.prompt(),
                        given != null ? "none" : Long.toString(job.seed()), strategy.name(), noiseDigest));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("prompt", job.prompt());
                line.put("seed", given != null ? null : job.seed());
                if (given != null) {
                    line.put("noise_file", noiseFile.toString());
                    line.put("noise_file_sha256", givenDigest);
                } else {
                    line.put("rng", noiseRng.label());
                }
                line.put("noise", strategy.name());
                line.put("image", file);
                if (saveNoise) {
                    line.put("x_T", NoiseFiles.initialName(file));
                    line.put("golden", NoiseFiles.goldenName(file));
                }
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
     * The lines of an earlier manifest in this folder, by the file each names in {@code key} (the image, for
     * generate). A line whose file is made again is replaced (same name, same settings: the same file); every other
     * line is kept.
     */
    static Map<String, String> earlierLines(Path manifest, String key) throws IOException {
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
                image = JSON.readTree(line).get(key);
            } catch (IOException e) {
                image = null;
            }
            if (image == null || !image.isTextual()) {
                throw new UserError(manifest + " line " + n + " is not a manifest line with " + key + "; move that file away"
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
