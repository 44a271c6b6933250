package dev.goldennoise.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The drift alarm: on while any rolling golden-vs-control win rate with at least {@code minSample} observations is
 * below {@code threshold}, the sign that golden noise no longer pays. Each switch on writes one warning line to the
 * log, and each switch off one line, so a flapping alarm is visible but a steady one is not repeated.
 */
public final class DriftAlarm {
    private final double threshold;
    private final int minSample;
    private final Consumer<String> log;
    private boolean on;

    public DriftAlarm(double threshold, int minSample, Consumer<String> log) {
        this.threshold = threshold;
        this.minSample = minSample;
        this.log = log;
    }

    /** Looks at the current win rates; returns whether the alarm is on. */
    public synchronized boolean update(Map<String, WinRate> rates) {
        List<String> low = new ArrayList<>();
        rates.forEach((source, r) -> {
            if (r.sample() >= minSample && r.rate() < threshold) {
                low.add(String.format(Locale.ROOT, "%s %.3f over %d", source, r.rate(), r.sample()));
            }
        });
        boolean now = !low.isEmpty();
        if (now && !on) {
            log.accept(String.format(Locale.ROOT, "warning: drift alarm on: the rolling golden-vs-control win rate fell"
                    + " below %.2f (%s); golden noise may no longer pay", threshold, String.join(", ", low)));
        } else if (!now && on) {
            log.accept(String.format(Locale.ROOT, "drift alarm off: every rolling win rate with %d or more observations"
                    + " is at least %.2f", minSample, threshold));
        }
        on = now;
        return on;
    }

    public synchronized boolean on() {
        return on;
    }
}
