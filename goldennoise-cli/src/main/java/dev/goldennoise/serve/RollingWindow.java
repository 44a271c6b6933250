package dev.goldennoise.serve;

/** The last {@code capacity} numbers added, oldest dropped first. Not thread-safe: its owner locks. */
final class RollingWindow {
    private final double[] values;
    private int next;
    private int size;

    RollingWindow(int capacity) {
        values = new double[capacity];
    }

    void add(double v) {
        values[next] = v;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    int size() {
        return size;
    }

    double get(int i) {
        return values[(next - size + i + values.length) % values.length];
    }

    double mean() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += get(i);
        }
        return size == 0 ? Double.NaN : sum / size;
    }
}
