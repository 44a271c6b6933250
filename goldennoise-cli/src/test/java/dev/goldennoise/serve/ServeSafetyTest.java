package dev.goldennoise.serve;

import dev.goldennoise.policy.PromptPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token, the prompt policy and graceful shutdown. */
class ServeSafetyTest {
    @Test
    void everyRouteButHealthAndThePageNeedsTheToken(@TempDir Path dir) throws Exception {
        try (TinyService tiny = new TinyService().start(TinyService.settings(0, 4).withToken("s3cret"), dir)) {
            String body = "{\"prompt\": \"a red circle\"}";
            for (String path : List.of("/v1/images", "/v1/compare", "/v1/feedback")) {
                TinyService.Reply r = tiny.send(HttpRequest.newBuilder(tiny.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
                ServeApiTest.assertOneLineError(r, 401, "Bearer");
                r = tiny.send(HttpRequest.newBuilder(tiny.uri(path)).header("Authorization", "Bearer wrong")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                ServeApiTest.assertOneLineError(r, 401, "Bearer");
            }
            ServeApiTest.assertOneLineError(tiny.send(HttpRequest.newBuilder(tiny.uri("/metrics")).GET().build()), 401, "Bearer");
            assertEquals(200, tiny.send(HttpRequest.newBuilder(tiny.uri("/healthz")).GET().build()).status());
            assertEquals(200, tiny.send(HttpRequest.newBuilder(tiny.uri("/")).GET().build()).status());
            assertEquals(200, tiny.post("/v1/images", body).status(), "with the token");
            assertTrue(tiny.get("/metrics").body().contains("goldennoise_http_errors_total{route=\"images\",status=\"401\"} 2.0"));
        }
    }

    @Test
    void refusedPromptsAre400sNamingTheRuleAndAreCounted(@TempDir Path dir) throws Exception {
        PromptPolicy policy = PromptPolicy.parse(List.of("# test policy", "squares  # no squares today"));
        try (TinyService tiny = new TinyService(policy, 0).start(TinyService.settings(0, 4), dir)) {
            ServeApiTest.assertOneLineError(tiny.post("/v1/images", "{\"prompt\": \"two blue SQUARES\"}"), 400,
                    "refused by the policy rule line 2 (squares): no squares today");
            ServeApiTest.assertOneLineError(tiny.post("/v1/compare", "{\"prompt\": \"two red squares\"}"), 400, "line 2");
            assertEquals(200, tiny.post("/v1/images", "{\"prompt\": \"a blue square\"}").status(), "whole words only");
            assertTrue(tiny.get("/metrics").body().contains("goldennoise_policy_refusals_total 2.0"));
            assertEquals(2, tiny.denoiserCalls.get(), "only the allowed prompt reached the denoiser (2 steps)");
        }
    }

    @Test
    void stoppingFinishesTheRequestsInFlightAndRecordsThem(@TempDir Path dir) throws Exception {
        TinyService tiny = new TinyService(PromptPolicy.none(), 300).start(TinyService.settings(0, 4), dir);
        String id;
        try {
            CompletableFuture<TinyService.Reply> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return tiny.post("/v1/images", "{\"prompt\": \"a red circle\", \"seed\": 1}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tiny.denoiserCalls.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(tiny.denoiserCalls.get() > 0, "the request is on the denoiser");
            tiny.app.close(); // what the SIGTERM hook does
            TinyService.Reply r = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r.body());
            id = r.json().get("id").asText();
        } finally {
            tiny.app = null;
            tiny.close();
        }
        try (ServeDatabase db = ServeDatabase.open(dir)) {
            assertTrue(db.target(id).isPresent(), "the request answered during the stop is recorded");
        }
    }
}
