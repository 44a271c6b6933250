package dev.goldennoise.npd;

import dev.goldennoise.io.JsonFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.goldennoise.tensor.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What decides the pairs of a collection, kept in {@value #FILE} of its folder. A rerun with equal settings skips
 * the finished shards; one with other settings is refused, because its pairs would not belong to the same dataset.
 * The pair count and the shard split are left out: raising {@code --count} extends a collection. {@code target} is
 * the teacher strategy that made the golden noises (for example {@code redenoise:wl=…} or {@code search:k=…}); files
 * written before teachers other than re-denoise existed call it {@code redenoise}. {@code rng} ({@code --rng}) and
 * {@code layout} ({@code --layout}) are absent from files written before they existed, which used java and shards;
 * {@code sampler} ({@code --sampler}) likewise, which was ddim.
 */
public record CollectionSettings(String model, String modelSha256, String scorerSha256, String target, int steps,
                                 double cfg, long seed, int shardSize, String prompts, String rng, String layout,
                                 String sampler) {
    /** The {@code prompts} value of the shapes world's NPD pool; otherwise the SHA-256 of the user's prompt file. */
    public static final String NPD_POOL = "npd-pool";

    public static final String FILE = "collection.json";
    private static final String OLD_RNG = "java";
    private static final String OLD_LAYOUT = "shards";
    private static final String OLD_SAMPLER = "ddim";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(describe()) + "\n");
    }

    /** The settings under their file names, for collection.json and for the cards of nets trained on the pairs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("model_sha256", modelSha256);
        m.put("scorer_sha256", scorerSha256);
        m.put("target", target);
        m.put("sampler", sampler);
        m.put("steps", steps);
        m.put("cfg", cfg);
        m.put("seed", seed);
        m.put("shard_size", shardSize);
        m.put("prompts", prompts);
        m.put("rng", rng);
        m.put("layout", layout);
        return m;
    }

    public static CollectionSettings read(Path file) throws IOException {
        try {
            JsonNode n = JsonFiles.read(file);
            return new CollectionSettings(n.get("model").asText(), n.get("model_sha256").asText(), n.get("scorer_sha256").asText(),
                    (n.has("target") ? n.get("target") : n.get("redenoise")).asText(), n.get("steps").asInt(), n.get("cfg").asDouble(), n.get("seed").asLong(),
                    n.get("shard_size").asInt(), n.path("prompts").asText(NPD_POOL), n.path("rng").asText(OLD_RNG),
                    n.path("layout").asText(OLD_LAYOUT), n.path("sampler").asText(OLD_SAMPLER));
        } catch (IOException | NullPointerException e) {
            throw new IOException("cannot read " + file + " (" + firstLine(e) + "); delete it to start this collection afresh");
        }
    }

    /** In words, what differs from an earlier run's settings; empty when its shards belong to this collection. */
    public List<String> differencesFrom(CollectionSettings earlier) {
        List<String> out = new ArrayList<>();
        if (!modelSha256.equals(earlier.modelSha256)) {
            out.add("model weights (" + earlier.model + " there, " + model + " now)");
        }
        if (!scorerSha256.equals(earlier.scorerSha256)) {
            out.add("preference scorer weights");
        }
        if (!target.equals(earlier.target)) {
            out.add("target (" + earlier.target + " there, " + target + " now)");
        }
        if (steps != earlier.steps) {
            out.add("steps (" + earlier.steps + " there, " + steps + " now)");
        }
        if (Double.compare(cfg, earlier.cfg) != 0) {
            out.add("cfg (" + earlier.cfg + " there, " + cfg + " now)");
        }
        if (seed != earlier.seed) {
            out.add("seed (" + earlier.seed + " there, " + seed + " now)");
        }
        if (!prompts.equals(earlier.prompts)) {
            out.add("prompt pool (" + earlier.prompts + " there, " + prompts + " now)");
        }
        if (!sampler.equals(earlier.sampler)) {
            out.add("sampler (" + earlier.sampler + " there, " + sampler + " now)");
        }
        if (!rng.equals(earlier.rng)) {
            out.add("rng (" + earlier.rng + " there, " + rng + " now)");
        }
        if (!layout.equals(earlier.layout)) {
            out.add("layout (" + earlier.layout + " there, " + layout + " now)");
        }
        if (shardSize != earlier.shardSize) {
            out.add("shard size (" + earlier.shardSize + " there, " + shardSize + " now)");
        }
        return out;
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
