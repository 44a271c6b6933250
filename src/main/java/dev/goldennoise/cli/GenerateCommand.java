package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images for prompts and seeds; writes PNGs and DIR/manifest.jsonl (one JSON line per image).")
public final class GenerateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin PromptInput prompts;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;

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
        List<Long> seedList = SeedList.parse(seeds);
        OutputFolder.prepare(out);
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
            StringBuilder manifest = new StringBuilder();
            for (int i = 0; i < jobs.size(); i++) {
                ImagePipeline.Job job = jobs.get(i);
                String file = ImageNames.of(i, job, strategy.name());
                images.get(i).writePng(out.resolve(file));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("prompt", job.prompt());
                line.put("seed", job.seed());
                line.put("noise", strategy.name());
                line.put("image", file);
                line.put("model", m.model().name());
                line.put("steps", pipeline.steps());
                line.put("cfg", pipeline.cfg());
                manifest.append(JSON.writeValueAsString(line)).append('\n');
            }
            AtomicFiles.writeString(out.resolve("manifest.jsonl"), manifest.toString());
            System.out.println("wrote " + jobs.size() + " images and " + out.resolve("manifest.jsonl"));
        }
        return 0;
    }

    static final class NoiseNames extends ArrayList<String> {
        NoiseNames() {
            super(NoiseStrategies.names());
        }
    }
}
