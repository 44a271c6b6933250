package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "use" section follows the figures a card records: a limit is listed exactly when a figure misses its goal. */
class CardCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String scorerCard(double relation) {
        return """
                {"model": "goldennoise-preference", "weights": "preference.safetensors", "keep": [1, 2],
                 "data": {"renders": "fresh renders per step from data seed 1", "prompts": "all prompts",
                          "hard_negatives_per_image": 8, "hard_negative_kind_weights": {"relation": 3}},
                 "held_out": {"renders": 400, "true_prompt_above_hard_negative": 0.98,
                              "by_kind": {"colour": 1.0, "relation": %s, "swap": 0.95},
                              "true_prompt_above_all_its_negatives": 0.93, "clean_above_degraded": 0.99}}
                """.formatted(relation);
    }

    @Test
    void aScorerWeakAtRelationsSaysSoAndAStrongOneDoesNot(@TempDir Path dir) throws IOException {
        Path weak = Files.writeString(dir.resolve("weak.card.json"), scorerCard(0.6));
        Path strong = Files.writeString(dir.resolve("strong.card.json"), scorerCard(0.95));
        CliTest.Run r = CliTest.run("card", weak.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("weak at relation negatives: ranks the true prompt above them on 60.0%"), r.out());
        assertTrue(r.out().contains("The training scorer"), r.out());
        CliTest.Run s = CliTest.run("card", strong.toString());
        assertFalse(s.out().contains("weak at"), s.out());
    }

    @Test
    void writeStoresTheSectionAndKeepsEverythingElse(@TempDir Path dir) throws IOException {
        Path card = Files.writeString(dir.resolve("x.card.json"), scorerCard(0.6));
        assertEquals(0, CliTest.run("card", "--write", card.toString()).code());
        JsonNode written = JSON.readTree(card.toFile());
        assertEquals("[1,2]", written.get("keep").toString());
        assertEquals(0.93, written.get("use").get("evaluation").get("true_prompt_above_all_its_negatives").asDouble());
        assertTrue(written.get("use").get("known_limits").toString().contains("relation"));
    }

    @Test
    void anNpnetThatDoesNotBeatTheIdentityListsThatLimit(@TempDir Path dir) throws IOException {
        Path card = Files.writeString(dir.resolve("n.card.json"), """
                {"model": "NPNet", "weights": "n.safetensors",
                 "config": {"channels": 4, "height": 16, "width": 16, "textTokens": 16, "textWidth": 128},
                 "data": {"folder": "runs/npd", "pairs_read": 100, "pairs_kept": 60, "filter": "optimized > original + 0.0"},
                 "final_validation_loss": 0.5, "identity_validation_loss": 0.4}
                """);
        CliTest.Run r = CliTest.run("card", card.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no better than returning the noise unchanged"), r.out());
        assertTrue(r.out().contains("60 of 100"), r.out());
    }

    @Test
    void anUnknownOrMissingCardIsOneLineAndExitCode2(@TempDir Path dir) throws IOException {
        Path other = Files.writeString(dir.resolve("o.card.json"), "{\"model\": \"something\"}");
        CliTest.assertOneLineError(CliTest.run("card", other.toString()), "not a card of");
        CliTest.assertOneLineError(CliTest.run("card", dir.resolve("none.card.json").toString()), "no card at");
        Path broken = Files.writeString(dir.resolve("b.card.json"), "{oops");
        CliTest.assertOneLineError(CliTest.run("card", broken.toString()), "not valid JSON");
    }
}
