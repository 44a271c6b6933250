package dev.goldennoise.world;

import java.util.List;

/**
 * The checker's verdict on one image. {@code partial} is the fraction of the prompt's constraints met (each required
 * object instance, "no extra objects", and for position prompts the relation), so a near miss scores above zero;
 * {@code failures} says in words which constraints failed and is empty exactly when {@code correct}.
 */
public record CheckResult(boolean correct, double partial, List<String> failures, List<DetectedObject> detected) {
    public CheckResult {
        failures = List.copyOf(failures);
        detected = List.copyOf(detected);
    }
}
