package dev.goldennoise.noise;

import dev.goldennoise.tensor.Finite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of a strategy spelled {@code name:key=value:key=value}, as {@code --noise} takes them, read with the
 * same errors for every strategy: an option without {@code =}, an unknown key, a value that is not a finite number.
 */
final class StrategyOptions {
    private final String label;
    private final Map<String, String> values;

    private StrategyOptions(String label, Map<String, String> values) {
        this.label = label;
        this.values = values;
    }

    /**
     * @param spec  the whole spec, e.g. {@code search:k=3}; the bare name means no options
     * @param label how errors name the strategy, e.g. {@code re-denoise}
     * @param keys  the keys it knows, lower case
     */
    static StrategyOptions parse(String spec, String name, String label, List<String> keys) {
        String s = spec.trim();
        if (!s.equals(name) && !s.startsWith(name + ":")) {
            throw new IllegalArgumentException("not a " + label + " spec: '" + spec + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : s.substring(name.length()).split(":")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(label + " option '" + part + "' needs key=value; keys: " + String.join(", ", keys));
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown " + label + " option '" + key + "'; keys: " + String.join(", ", keys));
            }
            values.put(key, part.substring(eq + 1).trim());
        }
        return new StrategyOptions(label, values);
    }

    String text(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    double number(String key, double otherwise) {
        String v = values.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Finite.require(Double.parseDouble(v), label + " " + key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + " option " + key + " needs a number, got '" + v + "'");
        }
    }

    int integer(String key, int otherwise) {
        String v = values.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + " option " + key + " needs a whole number, got '" + v + "'");
        }
    }

    /** A number as a spec writes it: whole numbers without ".0", so that specs read as they are typed. */
    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
