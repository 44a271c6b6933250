package dev.goldennoise.serve;

import dev.goldennoise.world.PromptException;
import dev.goldennoise.world.PromptParser;

/**
 * Turns a prompt as typed into the prompt the model is given, or refuses it: the same rule the commands follow for
 * the same model (the shapes grammar for the built-in model, any non-blank text for an export).
 */
@FunctionalInterface
public interface PromptCheck {
    /** @throws ApiError (400) naming what is wrong */
    String canonical(String prompt);

    /** The built-in model reads only the shapes grammar; prompts are normalised as {@code generate} does. */
    static PromptCheck shapesGrammar() {
        return prompt -> {
            try {
                return PromptParser.parse(prompt).prompt();
            } catch (PromptException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        };
    }

    /** An exported model takes any text, as given. */
    static PromptCheck freeText() {
        return prompt -> {
            if (prompt.isBlank()) {
                throw ApiError.badRequest("empty prompt");
            }
            return prompt;
        };
    }
}
