package dev.goldennoise.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prompts that are refused before any work: one rule per line, either a word or phrase (matched as whole words,
 * case-insensitive: {@code cat} refuses "a cat" but not "category"), or {@code re:} and a Java regular expression
 * (matched anywhere with {@code find()}, case-insensitive). A rule may be followed by two spaces, {@code #} and a
 * reason. Blank lines and lines starting with {@code #} are comments. See {@code policy.example.txt}.
 */
public final class PromptPolicy {
    public static final String REGEX = "re:";
    /** Two spaces before the #: a single space keeps # inside a rule, as in {@code re:[#]} or a phrase. */
    private static final String REASON = "  #";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** A word character for whole-word matching: any letter or digit in any script, not just ASCII's \w. */
    private static final String WORD_CHAR = "[\\p{L}\\p{N}_]";

    private final List<PolicyRule> rules;

    private PromptPolicy(List<PolicyRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A policy that refuses nothing. */
    public static PromptPolicy none() {
        return new PromptPolicy(List.of());
    }

    /**
     * Reads a policy file (UTF-8).
     *
     * @throws IllegalArgumentException naming the line when a rule is malformed
     */
    public static PromptPolicy read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException naming the line (from 1) when a rule is malformed */
    public static PromptPolicy parse(List<String> lines) {
        List<PolicyRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replace("\uFEFF", "");
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int hash = line.indexOf(REASON);
            String rule = (hash < 0 ? line : line.substring(0, hash)).strip();
            String reason = hash < 0 ? "" : line.substring(hash + REASON.length()).strip();
            rules.add(new PolicyRule(i + 1, rule, reason, pattern(rule, i + 1)));
        }
        return new PromptPolicy(rules);
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    /** The first rule that refuses the prompt, or empty when the policy allows it. */
    public Optional<PolicyRule> refusing(String prompt) {
        return rules.stream().filter(r -> r.matches(prompt)).findFirst();
    }

    private static Pattern pattern(String rule, int line) {
        if (rule.startsWith(REGEX)) {
            String regex = rule.substring(REGEX.length());
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("line " + line + ": 're:' needs a regular expression after it");
            }
            try {
                return Pattern.compile(regex, FLAGS);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("line " + line + ": '" + regex + "' is not a valid regular expression ("
                        + e.getDescription() + " at index " + e.getIndex() + ")");
            }
        }
        // a phrase matches with any run of spaces between its words, and only where whole words start and end
        StringBuilder regex = new StringBuilder("(?<!" + WORD_CHAR + ")");
        String[] words = rule.split("\\s+");
        for (int w = 0; w < words.length; w++) {
            regex.append(w > 0 ? "\\s+" : "").append(Pattern.quote(words[w]));
        }
        return Pattern.compile(regex.append("(?!" + WORD_CHAR + ")").toString(), FLAGS);
    }
}
