package dev.goldennoise.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroBatchingTest {
    private static final int N = 8;

    /**
     * N concurrent requests, golden and control mixed, share denoiser batches (fewer denoiser calls than N requests
     * sampled alone would make), and each image equals the one its (prompt, seed, noise) gives sampled alone.
     */
    @Test
    void concurrentRequestsShareBatchesAndGiveTheUnbatchedImages(@TempDir Path dir) throws Exception {
        try (TinyService tiny = new TinyService().start(TinyService.settings(400, N), dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(N);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TinyService.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                String body = "{\"prompt\": \"" + (i % 2 == 0 ? "a red circle" : "two blue squares") + "\", \"seed\": " + i
                        + ", \"noise\": \"" + (i % 3 == 0 ? "standard" : "npnet") + "\"}";
                replies.add(pool.submit(() -> {
                    go.await();
                    return tiny.post("/v1/images", body);
                }));
            }
            go.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<TinyService.Reply> f : replies) {
                TinyService.Reply r = f.get(120, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.body());
                answers.add(r.json());
            }
            pool.shutdown();
            long batches = tiny.app.service().metrics().batches();
            int callsPerBatch = 2; // 2 steps, CFG in one call of twice the batch
            assertTrue(batches < N, batches + " batches for " + N + " requests");
            assertEquals(batches * callsPerBatch, tiny.denoiserCalls.get(), "the denoiser ran once per step per batch");
            assertTrue(answers.stream().anyMatch(a -> a.get("timings").get("batch_size").asInt() > 1));

            // the same images sampled one at a time, outside the service
            ImagePipeline alone = new ImagePipeline(tiny.model, 2, 3, 1);
            for (int i = 0; i < N; i++) {
                JsonNode a = answers.get(i);
                ImagePipeline.Job job = new ImagePipeline.Job(a.get("prompt").asText(), a.get("seed").asLong());
                var strategy = a.get("noise").asText().equals("standard") ? new StandardNoise() : tiny.served.golden();
                RgbImage want = alone.generate(List.of(job), strategy, tiny.root, n -> {}).get(0);
                RgbImage got = ServeApiTest.decode(a.get("image").asText());
                assertTrue(ServeApiTest.maxDifference(want, got) <= 1, "request " + i + " differs from its unbatched image by "
                        + ServeApiTest.maxDifference(want, got));
            }
        }
    }

    @Test
    void batchesKeepToOneKeyAndTheMaximumAndCloseFinishesWhatWasAccepted() throws Exception {
        List<List<String>> batches = new ArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher<String, String> b = new MicroBatcher<>("test", s -> s.charAt(0), batch -> {
            synchronized (batches) {
                batches.add(batch);
            }
            firstRunning.countDown();
            release.await();
            return batch.stream().map(String::toUpperCase).toList();
        }, 50, 3, 100, null);
        CompletableFuture<String> first = b.submit("a0");
        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        // while the worker is busy, six items of two keys arrive
        List<CompletableFuture<String>> later = new ArrayList<>();
        for (String s : List.of("a1", "b1", "a2", "a3", "a4", "b2")) {
            later.add(b.submit(s));
        }
        assertEquals(6, b.depth());
        release.countDown();
        b.close(10_000);
        assertEquals("A0", first.get());
        for (int i = 0; i < later.size(); i++) {
            assertEquals(List.of("a1", "b1", "a2", "a3", "a4", "b2").get(i).toUpperCase(), later.get(i).get(1, TimeUnit.SECONDS));
        }
        assertEquals(List.of(List.of("a0"), List.of("a1", "a2", "a3"), List.of("b1", "b2"), List.of("a4")), batches);
        assertThrows(MicroBatcher.Refused.class, () -> b.submit("a5"), "closed");
    }

    /** Clients answered by one batch send again at once; their items join those that waited through that batch. */
    @Test
    void theWindowOpensWhenTheWorkerIsFreeSoCohortsMerge() throws Exception {
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> b = new MicroBatcher<>("test", i -> "k", batch -> {
            synchronized (batches) {
                batches.add(batch);
            }
            if (batch.get(0) == 0) {
                release.await();
            }
            return batch;
        }, 300, 8, 100, null);
        CompletableFuture<Integer> first = b.submit(0);
        Thread.sleep(350); // the worker holds 0 for its window, then runs it
        b.submit(1);
        Thread.sleep(400); // 1 waits through the busy spell, longer than its own window
        release.countDown();
        first.get(10, TimeUnit.SECONDS); // 0's client is answered and sends again
        CompletableFuture<Integer> again = b.submit(2);
        again.get(10, TimeUnit.SECONDS);
        b.close(10_000);
        assertEquals(List.of(List.of(0), List.of(1, 2)), batches);
    }

    @Test
    void aFullQueueRefusesAndAFailedBatchFailsOnlyItsItems() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MicroBatcher<Integer, Integer> b = new MicroBatcher<>("test", i -> i % 2, batch -> {
            release.await();
            if (batch.get(0) % 2 == 1) {
                throw new IllegalStateException("odd batch");
            }
            return batch;
        }, 0, 10, 2, null);
        CompletableFuture<Integer> running = b.submit(0);
        Thread.sleep(200); // the worker has taken it
        CompletableFuture<Integer> odd = b.submit(1);
        CompletableFuture<Integer> even = b.submit(2);
        assertThrows(MicroBatcher.Refused.class, () -> b.submit(4), "two waiting is the limit");
        release.countDown();
        assertEquals(0, running.get(10, TimeUnit.SECONDS));
        assertEquals(2, even.get(10, TimeUnit.SECONDS));
        assertTrue(assertThrows(java.util.concurrent.ExecutionException.class, odd::get).getCause().getMessage().contains("odd"));
        b.close(10_000);
    }
}
