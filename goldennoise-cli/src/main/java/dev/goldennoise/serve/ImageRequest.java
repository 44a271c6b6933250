package dev.goldennoise.serve;

import java.util.Set;

/**
 * A validated body of {@code POST /v1/images} or {@code /v1/compare}: the prompt as the model gets it, and the
 * settings with the service's defaults filled in.
 *
 * @param seed the seed asked for, or null to draw one from the request id
 * @param noise the noise asked for ({@code standard} or the service's golden strategy), or null to let the
 *              experiment assign it
 */
public record ImageRequest(String prompt, Long seed, int steps, double cfg, String noise) {
    private static final Set<String> IMAGE_FIELDS = Set.of("prompt", "seed", "steps", "cfg", "noise");
    private static final Set<String> COMPARE_FIELDS = Set.of("prompt", "seed", "steps", "cfg");

    /** The body of {@code /v1/images}. */
    public static ImageRequest image(String body, ServeSettings s, PromptCheck check) {
        return read(JsonBody.parse(body, IMAGE_FIELDS), s, check, true);
    }

    /** The body of {@code /v1/compare}, which shows both arms and so takes no noise. */
    public static ImageRequest comparison(String body, ServeSettings s, PromptCheck check) {
        return read(JsonBody.parse(body, COMPARE_FIELDS), s, check, false);
    }

    private static ImageRequest read(JsonBody b, ServeSettings s, PromptCheck check, boolean takesNoise) {
        String raw = b.requiredText("prompt");
        if (raw.length() > s.maxPromptChars()) {
            throw ApiError.badRequest("the prompt has " + raw.length() + " characters; at most " + s.maxPromptChars());
        }
        String prompt = check.canonical(raw);
        Long seed = b.optionalWhole("seed", 0, Experiment.MAX_SEED);
        Long steps = b.optionalWhole("steps", 1, s.maxSteps());
        Double cfg = b.optionalNumber("cfg", 0, s.maxCfg());
        String noise = takesNoise ? b.optionalText("noise") : null;
        return new ImageRequest(prompt, seed, steps == null ? s.defaultSteps() : steps.intValue(),
                cfg == null ? s.defaultCfg() : cfg, noise);
    }
}
