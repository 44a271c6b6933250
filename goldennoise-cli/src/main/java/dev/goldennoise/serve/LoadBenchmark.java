package dev.goldennoise.serve;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each sending {@code POST /v1/images} one after another for a bounded time (a closed loop: a client
 * sends its next request when the last is answered), against a running service. Each client cycles through the
 * prompts with seeds of its own, so no two requests are alike.
 */
public final class LoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI images;
    private final String token;
    private final List<String> prompts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public LoadBenchmark(URI base, String token, List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to send");
        }
        this.images = base.resolve("/v1/images");
        this.token = token;
        this.prompts = List.copyOf(prompts);
    }

    /** One request, for a warm-up before the timed run; returns its status (0 when nothing came back). */
    public int once(String prompt, long seed) throws InterruptedException {
        return send(prompt, seed);
    }

    public LoadReport run(int clients, Duration duration) throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
        }
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (long k = 0; System.nanoTime() < end; k++) {
                    long t0 = System.nanoTime();
                    int status = send(prompts.get((int) ((client + k) % prompts.size())), 1_000_000L * client + k);
                    if (status == 200) {
                        mine.add(System.nanoTime() - t0);
                    } else {
                        errors.incrementAndGet();
                    }
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            try {
                all.addAll(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LoadReport(clients, seconds, sorted.length, errors.get(), sorted.length / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99));
    }

    /** The nearest-rank percentile in milliseconds (NaN when nothing was answered). */
    static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    private int send(String prompt, long seed) throws InterruptedException {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("prompt", prompt, "seed", seed));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(images).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }
}
