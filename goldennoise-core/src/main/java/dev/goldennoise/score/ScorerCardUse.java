package dev.goldennoise.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.util.CardUse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@link CardUse} of a learned scorer, from its card's held-out figures; the goals are the scorer issue's. */
public final class ScorerCardUse {
    static final double RELATION_GOAL = 0.90;
    static final double OTHER_KIND_GOAL = 0.97;
    static final double ALL_NEGATIVES_GOAL = 0.90;
    static final double DEGRADED_GOAL = 0.97;
    private static final List<String> RELATION_KINDS = List.of("relation", "swap");

    private ScorerCardUse() {}

    public static boolean describes(JsonNode card) {
        return card.path("model").asText().startsWith("goldennoise-") && card.has("held_out");
    }

    public static CardUse of(JsonNode card) {
        boolean judge = card.path("model").asText().equals("goldennoise-" + Scorers.JUDGE);
        String use = judge
                ? "The independent judge: reports win rates of noise strategies in evaluate and score. It is evaluation"
                  + " only: never used to filter pairs, select noises or train anything."
                : "The training scorer: scores how well a 64x64 image of the shapes world matches its prompt; it filters"
                  + " the noise prompt dataset, ranks search and best-of-N candidates and is the reward of optimize and"
                  + " reward-trained NPNets. Gains it alone sees are reward hacking, so reports confirm them on the judge.";
        JsonNode data = card.path("data");
        String seen = String.format(Locale.ROOT, "shapes-world renders, %s; %s; %d hard-negative"
                        + " prompts per image, oversampled by kind %s; degraded images and counterfactual renders as negatives",
                data.path("renders").asText("renders"), data.path("prompts").asText("prompts of the grammar"),
                data.path("hard_negatives_per_image").asInt(), data.path("hard_negative_kind_weights"));
        JsonNode held = card.path("held_out");
        List<String> limits = new ArrayList<>();
        limits.add("knows only the shapes world: its vocabulary, 64x64 images; scores of other images mean nothing");
        for (Iterator<Map.Entry<String, JsonNode>> it = held.path("by_kind").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = it.next();
            double goal = RELATION_KINDS.contains(kind.getKey()) ? RELATION_GOAL : OTHER_KIND_GOAL;
            if (kind.getValue().asDouble() < goal) {
                limits.add(String.format(Locale.ROOT, "weak at %s negatives: ranks the true prompt above them on %.1f%% of"
                        + " held-out renders (goal %.0f%%)", kind.getKey(), 100 * kind.getValue().asDouble(), 100 * goal));
            }
        }
        check(limits, held.path("true_prompt_above_all_its_negatives"), ALL_NEGATIVES_GOAL,
                "ranks the true prompt above all its negatives on only %.1f%% of held-out renders (goal %.0f%%)");
        check(limits, held.path("clean_above_degraded"), DEGRADED_GOAL,
                "prefers the clean image to a degraded one on only %.1f%% of held-out pairs (goal %.0f%%)");
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("held_out_renders", held.path("renders").asInt());
        evaluation.put("true_prompt_above_hard_negative", held.path("true_prompt_above_hard_negative").asDouble());
        evaluation.put("true_prompt_above_all_its_negatives", held.path("true_prompt_above_all_its_negatives").asDouble());
        evaluation.put("clean_above_degraded", held.path("clean_above_degraded").asDouble());
        evaluation.put("measured_by", "PreferenceEvaluation on held-out renders at the end of train-scorer");
        return new CardUse(use, seen, List.copyOf(limits), evaluation);
    }

    private static void check(List<String> limits, JsonNode value, double goal, String message) {
        if (value.isNumber() && value.asDouble() < goal) {
            limits.add(String.format(Locale.ROOT, message, 100 * value.asDouble(), 100 * goal));
        }
    }
}
