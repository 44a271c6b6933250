package dev.goldennoise.cli;

import dev.goldennoise.policy.PolicyRule;
import dev.goldennoise.policy.PromptPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@code --policy} option of the commands that take prompts: refused prompts stop the command before any work. */
public final class PolicyOption {
    @Option(names = "--policy", paramLabel = "FILE",
            description = "Refuse prompts by the rules in FILE, one a line: a word or phrase (whole words), or re:REGEX; see policy.example.txt.")
    Path file;

    /** @throws UserError naming the first refused prompt, the rule, its line and reason; or a malformed policy */
    void check(List<String> prompts) {
        if (file == null) {
            return;
        }
        PromptPolicy policy = load();
        for (String prompt : prompts) {
            Optional<PolicyRule> rule = policy.refusing(prompt);
            if (rule.isPresent()) {
                throw new UserError("prompt \"" + prompt + "\" is refused by --policy " + file + " " + rule.get().describe()
                        + "; change the prompt or the policy");
            }
        }
    }

    /** The rules of --policy (none without it), for a command that checks prompts as they come, like serve. */
    PromptPolicy policy() {
        return file == null ? PromptPolicy.none() : load();
    }

    /** The option as arguments, to hand on to a command this one runs. */
    List<String> arguments() {
        return file == null ? List.of() : List.of("--policy", file.toString());
    }

    private PromptPolicy load() {
        try {
            return PromptPolicy.read(file);
        } catch (NoSuchFileException e) {
            throw new UserError("--policy " + file + " not found");
        } catch (CharacterCodingException e) {
            throw new UserError("--policy " + file + " is not UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            throw new UserError("cannot read --policy " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new UserError("--policy " + file + " " + e.getMessage() + "; fix or remove that line");
        }
    }
}
