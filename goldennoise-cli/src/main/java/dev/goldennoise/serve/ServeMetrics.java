package dev.goldennoise.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The service's metrics in Prometheus form through Micrometer (names below as Prometheus shows them):
 * {@code goldennoise_http_requests_seconds} (latency histogram by route and status), {@code goldennoise_http_errors_total},
 * {@code goldennoise_queue_depth}, {@code goldennoise_batch_size} (one observation per denoiser batch),
 * {@code goldennoise_images_total} by arm, {@code goldennoise_images_per_second} (last minute),
 * {@code goldennoise_score_mean} by arm and scorer, {@code goldennoise_win_rate} and {@code goldennoise_win_rate_sample}
 * by source (each scorer, and {@code human}), {@code goldennoise_alert} (the drift alarm, 0 or 1),
 * {@code goldennoise_policy_refusals_total} and {@code goldennoise_votes_total} by choice.
 */
public final class ServeMetrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RecentRate images = new RecentRate();
    private final DistributionSummary batchSizes;
    private final Counter refusals;

    public ServeMetrics(ExperimentStats stats, DriftAlarm alarm) {
        batchSizes = DistributionSummary.builder("goldennoise.batch.size").description("images per denoiser batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        Gauge.builder("goldennoise.images.per.second", images::perSecond).description("images served, last minute")
                .register(registry);
        for (String source : stats.sources()) {
            Gauge.builder("goldennoise.win.rate", () -> stats.winRate(source).rate()).tag("source", source)
                    .description("rolling golden-vs-control win rate, ties half").register(registry);
            Gauge.builder("goldennoise.win.rate.sample", () -> stats.winRate(source).sample()).tag("source", source)
                    .description("observations behind the win rate (control images, or votes)").register(registry);
            if (!source.equals(ExperimentStats.HUMAN)) {
                for (Arm arm : Arm.values()) {
                    Gauge.builder("goldennoise.score.mean", () -> stats.meanScore(arm, source)).tag("arm", arm.label())
                            .tag("scorer", source).description("rolling mean score").register(registry);
                }
            }
        }
        Gauge.builder("goldennoise.alert", () -> alarm.on() ? 1 : 0)
                .description("1 while a rolling win rate is below the alarm threshold").register(registry);
        refusals = Counter.builder("goldennoise.policy.refusals").description("prompts refused by --policy").register(registry);
    }

    /** The queue's depth, as a gauge (the batcher reports its batches here, so it is made after these metrics). */
    public void watchQueue(IntSupplier depth) {
        Gauge.builder("goldennoise.queue.depth", depth::getAsInt).description("requests waiting for the denoiser")
                .register(registry);
    }

    /** One HTTP request answered. */
    public void request(String route, int status, long nanos) {
        String code = Integer.toString(status);
        Timer.builder("goldennoise.http.requests").tag("route", route).tag("status", code).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(Duration.ofNanos(nanos));
        if (status >= 400) {
            Counter.builder("goldennoise.http.errors").tag("route", route).tag("status", code).register(registry).increment();
        }
    }

    public void batch(int size) {
        batchSizes.record(size);
    }

    /** Batches run so far. */
    public long batches() {
        return batchSizes.count();
    }

    /** Images in all batches so far. */
    public double batchedImages() {
        return batchSizes.totalAmount();
    }

    public void imageServed(Arm arm) {
        Counter.builder("goldennoise.images").tag("arm", arm.label()).register(registry).increment();
        images.add(1);
    }

    public void refusal() {
        refusals.increment();
    }

    public void vote(String choice) {
        Counter.builder("goldennoise.votes").tag("choice", choice).register(registry).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
