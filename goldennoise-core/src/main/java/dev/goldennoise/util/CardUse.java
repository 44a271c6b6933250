package dev.goldennoise.util;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a model card that says what the model is for, in the manner of model cards for published models:
 * intended use, the data it saw, known limits and a summary of how it was evaluated. Each trainer writes it from what
 * it measured, so the limits listed are the ones its own figures show; {@code goldennoise card --write} recomputes
 * it for a card written before the section existed.
 */
public record CardUse(String intendedUse, String data, List<String> knownLimits, Map<String, Object> evaluation) {
    public static final String KEY = "use";

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intended_use", intendedUse);
        m.put("data", data);
        m.put("known_limits", knownLimits);
        m.put("evaluation", evaluation);
        return m;
    }
}
