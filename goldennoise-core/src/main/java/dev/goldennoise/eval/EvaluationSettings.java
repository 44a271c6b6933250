package dev.goldennoise.eval;

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
 * The settings that decide what the cached images look like, kept in {@value #FILE} of the output folder: images
 * from an earlier run are reused only when these are equal. The model counts by content (its SHA-256), not by path,
 * so moving the weights keeps the cache and retraining them in place does not. The batch size is left out because an
 * image depends only on its prompt and seed, and the strategies because each has its own cache folder. {@code rng}
 * is how seeds became initial noises ({@code --rng}); files written before it existed mean {@value #OLD_RNG}, and
 * before {@code --sampler} existed, {@value #DDIM}.
 */
public record EvaluationSettings(String model, String modelSha256, int steps, double cfg, List<String> prompts,
                                 List<Long> seeds, String rng, String sampler) {
    public static final String FILE = "settings.json";
    static final String OLD_RNG = "java";
    public static final String DDIM = "ddim";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EvaluationSettings {
        prompts = List.copyOf(prompts);
        seeds = List.copyOf(seeds);
    }

    public EvaluationSettings(String model, String modelSha256, int steps, double cfg, List<String> prompts, List<Long> seeds) {
        this(model, modelSha256, steps, cfg, prompts, seeds, OLD_RNG, DDIM);
    }

    public void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("model_sha256", modelSha256);
        m.put("sampler", sampler);
        m.put("steps", steps);
        m.put("cfg", cfg);
        m.put("seeds", seeds);
        m.put("rng", rng);
        m.put("prompts", prompts);
        AtomicFiles.writeString(file, JSON.writeValueAsString(m) + "\n");
    }

    public static EvaluationSettings read(Path file) throws IOException {
        try {
            JsonNode n = JsonFiles.read(file);
            List<String> prompts = new ArrayList<>();
            n.get("prompts").forEach(p -> prompts.add(p.asText()));
            List<Long> seeds = new ArrayList<>();
            n.get("seeds").forEach(s -> seeds.add(s.asLong()));
            return new EvaluationSettings(n.get("model").asText(), n.get("model_sha256").asText(), n.get("steps").asInt(),
                    n.get("cfg").asDouble(), prompts, seeds, n.path("rng").asText(OLD_RNG),
                    n.path("sampler").asText(DDIM));
        } catch (IOException | NullPointerException e) {
            throw new IOException("cannot read " + file + "; delete the output folder or choose another --out");
        }
    }

    /** In words, what differs from the settings of an earlier run; empty when its images can be reused. */
    public List<String> differencesFrom(EvaluationSettings earlier) {
        List<String> out = new ArrayList<>();
        if (!modelSha256.equals(earlier.modelSha256)) {
            out.add("model weights (" + earlier.model + " there, " + model + " now, different content)");
        }
        if (!sampler.equals(earlier.sampler)) {
            out.add("sampler (" + earlier.sampler + " there, " + sampler + " now)");
        }
        if (steps != earlier.steps) {
            out.add("steps (" + earlier.steps + " there, " + steps + " now)");
        }
        if (Double.compare(cfg, earlier.cfg) != 0) {
            out.add("cfg (" + earlier.cfg + " there, " + cfg + " now)");
        }
        if (!rng.equals(earlier.rng)) {
            out.add("rng (" + earlier.rng + " there, " + rng + " now)");
        }
        if (!prompts.equals(earlier.prompts)) {
            out.add("prompts (" + earlier.prompts.size() + " there, " + prompts.size() + " now"
                    + (prompts.size() == earlier.prompts.size() ? ", different text" : "") + ")");
        }
        if (!seeds.equals(earlier.seeds)) {
            out.add("seeds (" + earlier.seeds.size() + " there, " + seeds.size() + " now"
                    + (seeds.size() == earlier.seeds.size() ? ", different values" : "") + ")");
        }
        return out;
    }
}
