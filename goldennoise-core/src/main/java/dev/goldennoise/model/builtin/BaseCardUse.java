package dev.goldennoise.model.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.util.CardUse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link CardUse} of the built-in shapes model, from its card. */
public final class BaseCardUse {
    private BaseCardUse() {}

    public static boolean describes(JsonNode card) {
        return card.path("model").asText().equals(BuiltinModel.NAME);
    }

    public static CardUse of(JsonNode card) {
        JsonNode data = card.path("data");
        String use = "A small latent text-to-image diffusion model of the procedurally rendered shapes world, made to"
                + " measure noise strategies against an exact checker (single objects, pairs, positions, counts). It is"
                + " not a general image model.";
        String seen = data.path("source").asText("shapes-world renders") + "; " + data.path("category_weights").asText("")
                + "; " + data.path("latent_cache").asText("");
        List<String> limits = List.of(
                "64x64 RGB images of the shapes world's vocabulary only; any other word is refused",
                "prompts of the held-out pair and position kinds were excluded from its training data (see data.source)",
                "how often it draws what was asked is not on this card: goldennoise check measures it per category");
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("final_loss", card.path("final_loss").asDouble());
        evaluation.put("measured_by", "epsilon-prediction MSE of the last training steps; prompt-following is measured by"
                + " goldennoise check and evaluate");
        return new CardUse(use, seen, limits, evaluation);
    }
}
