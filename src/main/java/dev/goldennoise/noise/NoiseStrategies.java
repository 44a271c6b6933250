package dev.goldennoise.noise;

import java.util.List;

/** Looks strategies up by the names {@code --noise} accepts. */
public final class NoiseStrategies {
    private NoiseStrategies() {}

    public static List<String> names() {
        return List.of("standard");
    }

    public static NoiseStrategy byName(String name) {
        return switch (name) {
            case "standard" -> new StandardNoise();
            default -> throw new IllegalArgumentException("unknown noise strategy '" + name + "'; available: "
                    + String.join(", ", names()));
        };
    }
}
