package dev.goldennoise.serve;

/**
 * What a load run measured: answered requests (status 200) and errors (any other status, or no answer) over the
 * timed span, the throughput of answered requests, and their latency percentiles in milliseconds.
 */
public record LoadReport(int clients, double seconds, long answered, long errors, double perSecond, double p50,
                         double p95, double p99) {}
