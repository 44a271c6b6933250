package dev.goldennoise.world;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Any text gives a scene or a one-line {@link PromptException}: never another exception, never a raw control byte. */
class PromptParserProperties {
    @Property(tries = 500, seed = "20261201")
    void anyTextParsesOrIsAOneLineError(@ForAll("texts") String text) {
        check(text);
    }

    @Property(tries = 500, seed = "20261202")
    void mutatedPromptsParseOrAreAOneLineError(@ForAll("mutatedPrompts") String text) {
        check(text);
    }

    @Property(tries = 200, seed = "20261203")
    void aValidPromptReadsTheSameAfterItsCanonicalForm(@ForAll("prompts") String prompt) {
        SceneSpec spec = PromptParser.parse(prompt);
        assertEquals(spec, PromptParser.parse(spec.prompt()));
        assertEquals(spec, PromptParser.parse("\uFEFF " + prompt.replace(' ', '\u00a0') + "\u200b "));
    }

    private static void check(String text) {
        try {
            SceneSpec spec = PromptParser.parse(text);
            assertEquals(spec, PromptParser.parse(spec.prompt()), "a parsed prompt survives its canonical form");
        } catch (PromptException e) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f), "raw control character in: " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> prompts() {
        List<String> all = new ArrayList<>();
        for (Category c : Category.values()) {
            all.addAll(PromptSets.all(c));
        }
        return Arbitraries.of(all);
    }

    /** A grammar prompt with a few characters replaced, inserted or deleted, or words shuffled in. */
    @Provide
    Arbitrary<String> mutatedPrompts() {
        Arbitrary<Character> chars = Arbitraries.oneOf(Arbitraries.chars().ascii(), Arbitraries.chars().all(),
                Arbitraries.of(' ', '\t', '\n', '\u00a0', '\u001b', '\uFEFF', '\u200b'));
        Arbitrary<String> words = Arbitraries.of(Vocabulary.words());
        return prompts().flatMap(p -> Arbitraries.integers().between(0, Math.max(0, p.length() - 1)).list().ofMaxSize(4)
                .flatMap(positions -> chars.list().ofSize(positions.size()).flatMap(cs -> words.map(w -> {
                    StringBuilder sb = new StringBuilder(p);
                    for (int i = 0; i < positions.size(); i++) {
                        int at = Math.min(positions.get(i), sb.length());
                        switch (i % 3) {
                            case 0 -> sb.insert(at, cs.get(i));
                            case 1 -> {
                                if (at < sb.length()) {
                                    sb.deleteCharAt(at);
                                }
                            }
                            default -> sb.insert(at, " " + w + " ");
                        }
                    }
                    return sb.toString();
                }))));
    }
}
