package dev.goldennoise.npnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.util.CardUse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@link CardUse} of an NPNet, from its card: what it was trained on and what its own validation showed. */
public final class NpnetCardUse {
    private NpnetCardUse() {}

    public static boolean describes(JsonNode card) {
        return card.path("model").asText().equals("NPNet");
    }

    public static CardUse of(JsonNode card) {
        JsonNode c = card.path("config");
        boolean reward = card.path("training").path("objective").asText().equals("reward");
        String base = card.path("data").path("base_model").asText("the base model it was trained for");
        String use = String.format(Locale.ROOT, "Golden noise in one pass: maps an initial noise (%dx%dx%d latent) and a prompt"
                        + " (%d tokens x %d) to a noise that the sampler then denoises as usual, for the base model %s. Use it"
                        + " with --noise npnet:PATH (PATH: %s beside this card) in generate, evaluate and collect.", c.path("channels").asInt(),
                c.path("height").asInt(), c.path("width").asInt(), c.path("textTokens").asInt(), c.path("textWidth").asInt(),
                base, card.path("weights").asText());
        JsonNode data = card.path("data");
        String seen = reward
                ? String.format(Locale.ROOT, "no pairs: fresh initial noises every step on %s, rewarded by the preference scorer"
                        + " %s through a %d-step sampler", data.path("prompts").asText("training prompts"),
                data.path("scorer").asText(), card.path("training").path("sampler_steps").asInt())
                : String.format(Locale.ROOT, "%d of %d (noise, golden noise, prompt) pairs from %s kept by the filter '%s'",
                data.path("pairs_kept").asInt(), data.path("pairs_read").asInt(), data.path("folder").asText(),
                data.path("filter").asText());
        List<String> limits = new ArrayList<>();
        limits.add("made for one base model, latent shape and text encoder; on another model it must be retrained or"
                + " fine-tuned, and its gain measured again");
        limits.add("whether it helps is measured by an A/B evaluation, not by this card: goldennoise evaluate --noise"
                + " standard,npnet:" + card.path("weights").asText() + " --seeds 0,1");
        Map<String, Object> evaluation = new LinkedHashMap<>();
        if (reward) {
            JsonNode v = card.path("validation");
            double gain = v.path("reward").asDouble() - v.path("identity_reward").asDouble();
            evaluation.put("validation_reward", v.path("reward").asDouble());
            evaluation.put("identity_validation_reward", v.path("identity_reward").asDouble());
            evaluation.put("relative_move", v.path("relative_move").asDouble());
            evaluation.put("measured_by", "the training scorer on " + v.path("draws").asInt() + " validation draws: a gain there"
                    + " alone is not a better image");
            if (gain <= 0) {
                limits.add("does not raise the training scorer's reward over the unchanged noise on validation");
            }
            limits.add("trained through a " + card.path("training").path("sampler_steps").asInt() + "-step sampler; its gain at"
                    + " other step counts must be measured");
        } else {
            double loss = card.path("final_validation_loss").asDouble();
            double identity = card.path("identity_validation_loss").asDouble();
            evaluation.put("final_validation_loss", loss);
            evaluation.put("identity_validation_loss", identity);
            evaluation.put("measured_by", "mean squared error to the golden noise on held-out pairs, against returning the"
                    + " noise unchanged");
            if (!(loss < identity)) {
                limits.add("predicts the golden noise no better than returning the noise unchanged (validation)");
            }
            limits.add("copies its teacher: it can gain at most what the teacher that made its pairs gains");
        }
        return new CardUse(use, seen, List.copyOf(limits), evaluation);
    }
}
