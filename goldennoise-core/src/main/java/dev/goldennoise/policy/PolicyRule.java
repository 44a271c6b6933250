package dev.goldennoise.policy;

import java.util.regex.Pattern;

/**
 * One rule of a {@link PromptPolicy}: a prompt it matches is refused.
 *
 * @param line the rule's line in its file, from 1, so a refusal can point at it
 * @param rule the rule as written, without its reason: a word or phrase, or {@code re:} and a regular expression
 * @param reason why prompts it matches are refused; empty when the line gives none
 */
public record PolicyRule(int line, String rule, String reason, Pattern pattern) {
    public boolean matches(String prompt) {
        return pattern.matcher(prompt).find();
    }

    /** How a refusal names the rule: line, rule, and the reason when there is one. */
    public String describe() {
        return "line " + line + " (" + rule + ")" + (reason.isEmpty() ? "" : ": " + reason);
    }
}
