package dev.goldennoise.npd;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * One JSON line of pair metadata, with the official collection code's key names so that either side reads the
 * other's files: {"index", "seed", "caption", "original_score_list": [s], "optimized_score_list": [s]}. The score
 * lists hold one score, HPSv2 in the official code; the first is taken.
 */
record PairLine(long index, long seed, String caption, double originalScore, double optimizedScore) {
    /** Python's json.dump writes NaN and Infinity bare; doing the same keeps both sides reading each other's files. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    private static final String[] KEYS = {"index", "seed", "caption", "original_score_list", "optimized_score_list"};

    static PairLine of(NoisePair p) {
        return new PairLine(p.index(), p.seed(), p.caption(), p.originalScore(), p.optimizedScore());
    }

    String toJson() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("index", index);
        n.put("seed", seed);
        n.put("caption", caption);
        n.putArray("original_score_list").add(originalScore);
        n.putArray("optimized_score_list").add(optimizedScore);
        return JSON.writeValueAsString(n);
    }

    /** Whether a line looks like pair metadata at all; a folder may hold other JSON, such as collection.json. */
    static boolean looksLikePairLine(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                return false;
            }
            for (String k : KEYS) {
                if (!n.has(k)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses one line; the message says what is wrong with it, for the reader's list of problems. */
    static PairLine parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
            throw new IOException("not a JSON object");
        }
        JsonNode caption = n.get("caption");
        if (caption == null || !caption.isTextual()) {
            throw new IOException("no text \"caption\"");
        }
        return new PairLine(whole(n, "index"), whole(n, "seed"), caption.asText(),
                score(n, "original_score_list"), score(n, "optimized_score_list"));
    }

    private static long whole(JsonNode n, String key) throws IOException {
        JsonNode v = n.get(key);
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v != null && v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 0x1p63) {
            return (long) v.asDouble();
        }
        throw new IOException("\"" + key + "\" is " + (v == null ? "missing" : v + ", not a whole number"));
    }

    /** A one-element list as the official code writes, or a bare number. */
    private static double score(JsonNode n, String key) throws IOException {
        JsonNode v = n.get(key);
        if (v != null && v.isArray() && !v.isEmpty()) {
            v = v.get(0);
        }
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        throw new IOException("\"" + key + "\" is " + (v == null ? "missing" : v + ", not a list holding a score"));
    }
}
