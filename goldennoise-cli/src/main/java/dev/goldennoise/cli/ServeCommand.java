package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.serve.ServeApp;
import dev.goldennoise.serve.ServeSettings;
import dev.goldennoise.serve.ServedModel;
import io.javalin.util.JavalinBindException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Golden noise as a service, with a live A/B experiment.",
        description = {"Golden noise as a service, with a live A/B experiment (see docs/SERVE.md): POST /v1/images,",
                "/v1/compare and /v1/feedback, GET / (a page to compare two images and vote), /metrics (Prometheus)",
                "and /healthz. Concurrent requests share denoiser batches. Every image and vote is committed to",
                "DIR/serve.db (SQLite) before the answer is sent. SIGTERM finishes the requests in flight."})
public final class ServeCommand implements Callable<Integer> {
    static final String TOKEN_VARIABLE = "GOLDENNOISE_TOKEN";

    @Mixin ServeOptions options;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeSettings.LOOPBACK, description = "Address to"
            + " listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Require Authorization: Bearer TOKEN on every route but"
            + " /healthz and the page, which asks for it (default: the environment variable " + TOKEN_VARIABLE + ", if set).")
    String token;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "runs/serve", description = "Folder of the database"
            + " (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() throws Exception {
        String t = token != null ? token : System.getenv(TOKEN_VARIABLE);
        ServeSettings settings = options.settings(host, port, t == null || t.isEmpty() ? null : t);
        Consumer<String> log = ServeCommand::log;
        if (settings.token() == null && !isLoopback(host)) {
            log.accept("warning: listening on " + host + " without a token: anyone who can reach it can use it; pass --token");
        }
        OutputFolder.prepare(data, "--data");
        try (NDManager root = NDManager.newBaseManager(); LoadedModel m = options.model.open(root)) {
            settings = options.sizedFor(settings, m);
            ServedModel served = options.served(m, root);
            ServeApp app;
            try {
                app = ServeApp.start(served, settings, data, root, log);
            } catch (JavalinBindException e) {
                throw new UserError("cannot listen on " + host + ":" + port + " (" + e.getMessage().lines().findFirst().orElse("")
                        + "); choose another --port or --host");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.accept("stopping: finishing the requests in flight");
                try {
                    app.close();
                    log.accept("stopped");
                } catch (Exception e) {
                    log.accept("error while stopping: " + e.getMessage());
                } finally {
                    stopped.countDown();
                }
            }, "serve-shutdown"));
            log.accept(String.format(Locale.ROOT, "serving %s on http://%s:%d with %s noise (control %.0f%%), scorers %s;"
                            + " records in %s", served.name(), host, app.port(), served.golden().name(),
                    100 * settings.control(), served.scorers().stream().map(s -> s.name()).toList(), data.resolve("serve.db")));
            stopped.await();
        }
        return 0;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** One line to stderr, with the time: the service's log. */
    static void log(String line) {
        System.err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        System.err.flush();
    }
}
