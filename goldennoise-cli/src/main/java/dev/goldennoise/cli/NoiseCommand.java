package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.NoiseRng;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.ProgressTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "noise", mixinStandardHelpOptions = true,
        header = "Write golden noise (and x_T) for prompts and seeds as .npy, without sampling.",
        description = {"Write golden noise (and x_T) for prompts and seeds as .npy, without sampling.",
                "Per pair: the initial noise x_T as NAME.xT.npy and the strategy's x_T' as",
                "NAME.golden.npy, each (1, C, H, W) float32; DIR/noise.jsonl gets one line",
                "per pair (prompt, seed, rng, noise, x_T, golden, model). In diffusers:",
                "  latents = torch.from_numpy(np.load(F)).to(pipe.device, pipe.dtype)",
                "  image = pipe(prompt, latents=latents).images[0]",
                "With --rng torch (the default for exports) NAME.xT.npy is the very latent",
                "diffusers draws for that seed with a CPU generator (torch.manual_seed),",
                "so the two images differ by the strategy alone."})
public final class NoiseCommand implements Callable<Integer> {
    static final String MANIFEST = "noise.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin PromptInput prompts;
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;
    @Mixin RngOption rng;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0", description = "Seeds, e.g. 0-7 or 3,5 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "npnet", description = "Noise strategy: ${COMPLETION-CANDIDATES}, with options after colons as for generate (default: ${DEFAULT-VALUE}).",
            completionCandidates = GenerateCommand.NoiseNames.class)
    String noise;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/noise", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> promptList = model.isExport() ? prompts.readFree() : prompts.read();
        policy.check(promptList);
        List<Long> seedList = SeedList.parse(seeds);
        NoiseRng noiseRng = rng.resolve(model);
        OutputFolder.prepare(out);
        Path manifestFile = out.resolve(MANIFEST);
        Map<String, String> lines = GenerateCommand.earlierLines(manifestFile, "golden");
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
            // the same naming as generate's images: a digest of everything that made the noise
            StringBuilder identity = new StringBuilder(model.digest()).append('\n').append(sampling.steps).append('\n')
                    .append(sampling.cfg).append('\n').append(strategy.name()).append('\n').append(noiseRng.label());
            for (String digest : LabelledStrategy.weightDigests(strategy)) {
                identity.append('\n').append(digest);
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                names.add(ImageNames.of(i, jobs.get(i), strategy.name(), identity.toString()));
            }
            NoiseFiles files = new NoiseFiles(out, names, m.model().latentShape().getShape());
            try (ProgressTask bar = Progress.task("noise", jobs.size(), 0)) {
                sampling.pipeline(m.model(), noiseRng, model).noises(jobs, strategy, root, bar::stepTo, files::write);
            }
            for (int i = 0; i < jobs.size(); i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("prompt", jobs.get(i).prompt());
                line.put("seed", jobs.get(i).seed());
                line.put("rng", noiseRng.label());
                line.put("noise", strategy.name());
                line.put("x_T", NoiseFiles.initialName(names.get(i)));
                line.put("golden", NoiseFiles.goldenName(names.get(i)));
                line.put("model", m.model().name());
                String golden = NoiseFiles.goldenName(names.get(i));
                lines.remove(golden);
                lines.put(golden, JSON.writeValueAsString(line));
            }
            AtomicFiles.writeString(manifestFile, String.join("\n", lines.values()) + "\n");
        }
        spec.commandLine().getOut().println("wrote the noises of " + jobs.size() + " (prompt, seed) pairs and " + manifestFile);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
