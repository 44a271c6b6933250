package dev.goldennoise.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptPolicyTest {
    private static PromptPolicy policy(String... lines) {
        return PromptPolicy.parse(List.of(lines));
    }

    private static boolean refuses(PromptPolicy p, String prompt) {
        return p.refusing(prompt).isPresent();
    }

    @Test
    void aWordIsMatchedWholeAndIgnoringCase() {
        PromptPolicy p = policy("cat");
        assertTrue(refuses(p, "a cat"));
        assertTrue(refuses(p, "A CAT on a mat"));
        assertTrue(refuses(p, "cat, then a dog"));
        assertTrue(refuses(p, "a Cat"));
        assertTrue(!refuses(p, "category"), "part of a word");
        assertTrue(!refuses(p, "concatenate"));
        assertTrue(!refuses(p, "cats"));
        assertTrue(!refuses(p, "a red circle"));
    }

    @Test
    void aPhraseIsMatchedWholeWithAnySpacing() {
        PromptPolicy p = policy("red square");
        assertTrue(refuses(p, "a red square"));
        assertTrue(refuses(p, "a RED   square above a circle"));
        assertTrue(!refuses(p, "a red circle and a blue square"));
        assertTrue(!refuses(p, "a red squares"), "whole words only");
        assertTrue(!refuses(p, "a bred square"));
    }

    @Test
    void aRegexIsFoundAnywhereIgnoringCase() {
        PromptPolicy p = policy("re:\\d+ (circles|squares)");
        assertTrue(refuses(p, "draw 12 Circles"));
        assertTrue(!refuses(p, "two circles"));
        assertTrue(refuses(policy("re:cat"), "category"), "a regex is not limited to whole words");
    }

    @Test
    void theMatchingRuleComesBackWithItsLineAndReason() {
        PromptPolicy p = policy("# a comment", "", "dog", "   # an indented comment", "blue  # no blue, please", "blue circle");
        Optional<PolicyRule> r = p.refusing("a blue circle");
        assertTrue(r.isPresent());
        assertEquals(5, r.get().line(), "the first rule that matches");
        assertEquals("blue", r.get().rule());
        assertEquals("no blue, please", r.get().reason());
        assertEquals("line 5 (blue): no blue, please", r.get().describe());
        assertEquals(3, p.rules().size(), "comments and blank lines are not rules");
        assertEquals("", p.refusing("a dog").get().reason());
        assertTrue(p.refusing("a red circle").isEmpty());
    }

    @Test
    void aSingleSpaceKeepsTheHashInTheRule() {
        PromptPolicy p = policy("re:[#] x");
        assertTrue(refuses(p, "# x"));
        assertEquals("re:[#] x", p.rules().get(0).rule());
    }

    @Test
    void commentsOnlyRefuseNothing() throws IOException {
        PromptPolicy shipped = PromptPolicy.read(Path.of(System.getProperty("goldennoise.repo", ".")).resolve("policy.example.txt"));
        assertEquals(0, shipped.rules().size(), "the example explains the syntax and refuses nothing");
        assertTrue(PromptPolicy.none().refusing("a red circle").isEmpty());
    }

    @Test
    void aBadRegexNamesItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policy("# ok", "cat", "re:(unclosed"));
        assertTrue(e.getMessage().startsWith("line 3: '(unclosed' is not a valid regular expression"), e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> policy("re:  # nothing"));
        assertTrue(empty.getMessage().startsWith("line 1: "), empty.getMessage());
    }
}
