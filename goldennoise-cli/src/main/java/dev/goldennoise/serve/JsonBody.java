package dev.goldennoise.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Iterator;
import java.util.Set;

/**
 * A request body as a JSON object whose fields are read strictly: unknown fields, wrong types, fractions where a
 * whole number belongs and numbers out of range are each a 400 naming the field, so that a typo ({@code "sed": 3})
 * is never silently ignored.
 */
final class JsonBody {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** @param allowed the field names this route reads */
    static JsonBody parse(String body, Set<String> allowed) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("not JSON");
            throw ApiError.badRequest("the body is not valid JSON (" + why + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object, e.g. {\"prompt\": \"a red circle\"}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiError.badRequest("unknown field \"" + printable(f) + "\"; this route takes " + String.join(", ", allowed));
            }
        }
        return new JsonBody(n);
    }

    String requiredText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.badRequest("\"" + field + "\" is missing");
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    /** A text field, or null when absent or null. */
    String optionalText(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : requiredText(field);
    }

    /** A whole number from {@code min} to {@code max}, or null when absent or null. */
    Long optionalWhole(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.badRequest("\"" + field + "\" must be a whole number from " + min + " to " + max + ", got " + v);
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw ApiError.badRequest("\"" + field + "\" must be from " + min + " to " + max + ", got " + x);
        }
        return x;
    }

    /** A number from {@code min} to {@code max}, or null when absent or null. */
    Double optionalNumber(String field, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        double x = v.isNumber() ? v.asDouble() : Double.NaN;
        if (!v.isNumber() || !Double.isFinite(x)) {
            throw ApiError.badRequest("\"" + field + "\" must be a number from " + min + " to " + max + ", got " + v);
        }
        if (x < min || x > max) {
            throw ApiError.badRequest("\"" + field + "\" must be from " + min + " to " + max + ", got " + x);
        }
        return x;
    }

    /** Control characters escaped, and long text cut: an error line echoes what the client sent. */
    static String printable(String text) {
        String t = dev.goldennoise.world.PromptParser.printable(text);
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
