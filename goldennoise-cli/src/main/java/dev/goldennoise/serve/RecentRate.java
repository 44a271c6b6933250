package dev.goldennoise.serve;

import java.util.ArrayDeque;

/** Events per second over the last minute (or since the start, when that is shorter). */
final class RecentRate {
    private static final long SPAN_NANOS = 60_000_000_000L;

    private record Event(long nanos, int count) {}

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();

    synchronized void add(int count) {
        events.addLast(new Event(System.nanoTime(), count));
        drop(System.nanoTime());
    }

    synchronized double perSecond() {
        long now = System.nanoTime();
        drop(now);
        long total = events.stream().mapToLong(Event::count).sum();
        long span = Math.max(1_000_000_000L, Math.min(SPAN_NANOS, now - startNanos));
        return total / (span / 1e9);
    }

    private void drop(long now) {
        while (!events.isEmpty() && now - events.peekFirst().nanos() > SPAN_NANOS) {
            events.removeFirst();
        }
    }
}
