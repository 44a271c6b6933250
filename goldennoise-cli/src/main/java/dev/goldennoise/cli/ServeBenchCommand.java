package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.serve.LoadBenchmark;
import dev.goldennoise.serve.LoadReport;
import dev.goldennoise.serve.ServeApp;
import dev.goldennoise.serve.ServeSettings;
import dev.goldennoise.serve.ServedModel;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.util.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        header = "Load benchmark of serve.",
        description = {"Load benchmark of serve: starts the service on a free loopback port with the serve options given,",
                "runs --clients concurrent clients (each sends POST /v1/images as soon as its last one is answered)",
                "for --seconds, and reports throughput, p50/p95/p99 latency, errors and the mean denoiser batch; then",
                "times one offline batch of --batch images on the same model and settings (standard noise, as bench)",
                "for the rate the service is set against. Not a test: a measurement (docs/BENCHMARKS.md)."})
public final class ServeBenchCommand implements Callable<Integer> {
    private static final List<String> PROMPTS = List.of("a red circle", "a blue square and a yellow triangle",
            "a green triangle above a red square", "three purple circles");

    @Mixin ServeOptions options;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "How long the clients send (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "A prompt the clients send (repeatable; default: one of each category).")
    List<String> prompts;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/serve-bench", description = "The service's data"
            + " folder for the run (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 4096 || seconds < 1 || seconds > 86_400) {
            throw new UserError("--clients must be from 1 to 4096 and --seconds from 1 to 86400");
        }
        List<String> sent = prompts == null || prompts.isEmpty() ? PROMPTS : prompts;
        ServeSettings settings = options.settings(ServeSettings.LOOPBACK, 0, null);
        OutputFolder.prepare(data, "--data");
        PrintWriter w = spec.commandLine().getOut();
        Map<String, Object> json = new LinkedHashMap<>();
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = options.model.open(root)) {
            settings = options.sizedFor(settings, m);
            ServedModel served = options.served(m, root);
            for (String p : sent) {
                try {
                    served.prompts().canonical(p); // a prompt the service refuses would only measure errors
                } catch (dev.goldennoise.serve.ApiError e) {
                    throw new UserError("--prompt: " + e.getMessage());
                }
            }
            LoadReport report;
            double meanBatch;
            ServeApp app = ServeApp.start(served, settings, data, root, ServeCommand::log);
            try {
                URI base = URI.create("http://" + ServeSettings.LOOPBACK + ":" + app.port());
                w.printf(Locale.ROOT, "serve-bench: %d clients for %d s against %s (%s, %d steps, CFG %s, %s noise, control"
                                + " %.0f%%, batches of up to %d, window %d ms)%n", clients, seconds, base, served.name(),
                        settings.defaultSteps(), settings.defaultCfg(), served.golden().name(), 100 * settings.control(),
                        settings.maxBatch(), settings.windowMillis());
                w.flush();
                LoadBenchmark bench = new LoadBenchmark(base, null, sent);
                if (bench.once(sent.get(0), 0) != 200) {
                    throw new UserError("the warm-up request failed; see the log above");
                }
                long batchesBefore = app.service().metrics().batches();
                double imagesBefore = app.service().metrics().batchedImages();
                report = bench.run(clients, Duration.ofSeconds(seconds));
                long batches = app.service().metrics().batches() - batchesBefore;
                meanBatch = (app.service().metrics().batchedImages() - imagesBefore) / batches;
                json.put("batches", batches);
            } finally {
                app.close();
            }
            w.printf(Locale.ROOT, "answered %d requests (%d errors) in %.1f s: %.2f images/s; latency p50 %.0f ms, p95 %.0f ms,"
                            + " p99 %.0f ms; mean denoiser batch %.1f images%n", report.answered(), report.errors(),
                    report.seconds(), report.perSecond(), report.p50(), report.p95(), report.p99(), meanBatch);
            w.flush();
            double offline = offlineRate(served, settings, sent, root);
            w.printf(Locale.ROOT, "offline: one batch of %d images (standard noise, the same steps and CFG): %.2f images/s;"
                    + " served / offline %.0f%%%n", settings.maxBatch(), offline, 100 * report.perSecond() / offline);
            w.flush();
            json.put("clients", clients);
            json.put("seconds", report.seconds());
            json.put("answered", report.answered());
            json.put("errors", report.errors());
            json.put("images_per_second", report.perSecond());
            json.put("latency_ms", Map.of("p50", report.p50(), "p95", report.p95(), "p99", report.p99()));
            json.put("mean_batch", meanBatch);
            json.put("offline_images_per_second", offline);
            json.put("settings", Map.of("model", served.name(), "steps", settings.defaultSteps(), "cfg", settings.defaultCfg(),
                    "noise", served.golden().name(), "control", settings.control(), "max_batch", settings.maxBatch(),
                    "window_ms", settings.windowMillis()));
            json.put("provenance", Provenance.now());
        }
        if (out != null) {
            AtomicFiles.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n");
            w.println("wrote " + out);
            w.flush();
        }
        return 0;
    }

    /** Images per second of one full batch sampled directly, as bench's 20-step line does. */
    private static double offlineRate(ServedModel served, ServeSettings s, List<String> prompts, NDManager root) {
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (int i = 0; i < s.maxBatch(); i++) {
            jobs.add(new ImagePipeline.Job(served.prompts().canonical(prompts.get(i % prompts.size())), i));
        }
        ImagePipeline pipeline = new ImagePipeline(served.model(), s.defaultSteps(), s.defaultCfg(), s.maxBatch());
        long t0 = System.nanoTime();
        pipeline.generate(jobs, new StandardNoise(), root, n -> {});
        return jobs.size() / ((System.nanoTime() - t0) / 1e9);
    }
}
