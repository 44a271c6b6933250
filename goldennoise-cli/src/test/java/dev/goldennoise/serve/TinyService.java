package dev.goldennoise.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.diffusion.Denoiser;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.noise.NpnetNoise;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.policy.PromptPolicy;
import dev.goldennoise.score.CheckerScorer;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import dev.goldennoise.score.PreferenceScorer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An untrained tiny model with an NPNet that moves the noise and a tiny preference scorer, served on a free
 * loopback port; its denoiser counts its calls, so tests can count batches. Requests use 2 steps.
 */
final class TinyService implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final NDManager root = NDManager.newBaseManager();
    final BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 3);
    final AtomicInteger denoiserCalls = new AtomicInteger();
    final DiffusionModel model;
    final Npnet npnet;
    final ServedModel served;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ServeApp app;
    String token;

    TinyService(PromptPolicy policy, long slowMillis) {
        DiffusionModel m = built.asDiffusionModel();
        Denoiser inner = m.denoiser();
        Denoiser counting = (NDArray xt, int t, dev.goldennoise.diffusion.PromptEmbedding e) -> {
            denoiserCalls.incrementAndGet();
            if (slowMillis > 0) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return inner.predictNoise(xt, t, e);
        };
        model = new DiffusionModel(m.name(), m.textEncoder(), counting, m.decoder(), m.latentShape(), m.schedule(), m.differentiable());
        long[] s = model.latentShape().getShape();
        npnet = new Npnet(NpnetConfig.tiny((int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(),
                model.textEncoder().width()), root, 5);
        // off zero, so that golden noise differs from standard noise
        npnet.params().get("alpha").set(new float[] {0.8f});
        npnet.params().get("beta").set(new float[] {0.5f});
        PreferenceScorer preference = new PreferenceScorer("preference", new PreferenceModel(PreferenceModelConfig.tiny(), root, 1), root);
        served = new ServedModel(model, "tiny", "0".repeat(64), NpnetNoise.of(npnet), "f".repeat(64),
                List.of(CheckerScorer.correct(), preference), PromptCheck.shapesGrammar(), policy, "abc123");
    }

    TinyService() {
        this(PromptPolicy.none(), 0);
    }

    /** Settings for tests: 2 steps, CFG 3, and the given batching. */
    static ServeSettings settings(long window, int maxBatch) {
        return ServeSettings.defaults(0).withSampling(2, 3).withBatching(window, maxBatch);
    }

    TinyService start(ServeSettings settings, Path data) throws IOException {
        app = ServeApp.start(served, settings, data, root, line -> System.err.println("[serve] " + line));
        token = settings.token();
        return this;
    }

    record Reply(int status, String body, String contentType) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Reply send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), res.body(), res.headers().firstValue("Content-Type").orElse(""));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    @Override
    public void close() throws Exception {
        if (app != null) {
            app.close();
        }
        built.close();
        root.close();
    }
}
