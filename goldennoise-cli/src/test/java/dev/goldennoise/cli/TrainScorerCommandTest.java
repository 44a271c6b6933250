package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainScorerCommandTest {
    @TempDir
    Path dir;

    private static String[] tiny(Path work, String... extra) {
        String[] base = {"train-scorer", "--tiny", "--steps", "2", "--batch", "2", "--negatives", "1", "--validate-every", "0",
                "--work", work.toString(), "--out", work.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** The largest difference between one weight of two scorer files (an image tower's img.*, a text tower's txt.*). */
    private static double distance(Path a, Path b, String name) throws IOException {
        try (NDManager m = NDManager.newBaseManager(); PreferenceModel x = PreferenceModelFiles.load(a, m);
             PreferenceModel y = PreferenceModelFiles.load(b, m)) {
            boolean image = name.startsWith("img.");
            NDArray u = image ? x.imageParams().get(name) : x.textParams().get(name);
            NDArray v = image ? y.imageParams().get(name) : y.textParams().get(name);
            return u.sub(v).abs().max().getFloat();
        }
    }

    @Test
    void fineTuningStartsFromTheGivenWeightsAndTheCardSaysSo() throws Exception {
        Path parentRun = dir.resolve("parent");
        String[] six = tiny(parentRun);
        six[3] = "6";
        assertEquals(0, CliTest.run(six).code());
        Path parent = parentRun.resolve("preference.safetensors");
        Path fresh = dir.resolve("fresh");
        assertEquals(0, CliTest.run(tiny(fresh)).code());
        Path tuned = dir.resolve("tuned");
        assertEquals(0, CliTest.run(tiny(tuned, "--init", parent.toString(), "--kind-weights", "swap=6,relation=3")).code());
        JsonNode card = new ObjectMapper().readTree(tuned.resolve("preference.card.json").toFile());
        assertEquals(parent.toAbsolutePath().normalize().toString(), card.get("training").get("init").asText());
        assertEquals(6, card.get("data").get("hard_negative_kind_weights").get("swap").asInt());
        assertFalse(card.get("data").get("hard_negative_kind_weights").has("count"), "the weights given replace the defaults");
        // two warm-up steps from the parent stay by it; two steps from a fresh start are where the parent was at step 2
        Path tunedFile = tuned.resolve("preference.safetensors");
        Path freshFile = fresh.resolve("preference.safetensors");
        double fromParent = distance(tunedFile, parent, "img.proj.w");
        double freshFromParent = distance(freshFile, parent, "img.proj.w");
        assertTrue(fromParent < freshFromParent, "tuned " + fromParent + " vs fresh " + freshFromParent + " from the parent");

        // the image tower alone from the parent: the text tower starts where a fresh run's does
        Path imageOnly = dir.resolve("image-only");
        assertEquals(0, CliTest.run(tiny(imageOnly, "--init", parent.toString(), "--init-towers", "image")).code());
        JsonNode imageCard = new ObjectMapper().readTree(imageOnly.resolve("preference.card.json").toFile());
        assertEquals("[\"image\"]", imageCard.get("training").get("init_towers").toString());
        Path imageOnlyFile = imageOnly.resolve("preference.safetensors");
        double textFromFresh = distance(imageOnlyFile, freshFile, "txt.proj.w");
        double textFromParent = distance(imageOnlyFile, parent, "txt.proj.w");
        assertTrue(textFromFresh < textFromParent, "text tower: " + textFromFresh + " from fresh, " + textFromParent + " from the parent");
        double imageFromParent = distance(imageOnlyFile, parent, "img.proj.w");
        double imageFromFresh = distance(imageOnlyFile, freshFile, "img.proj.w");
        assertTrue(imageFromParent < imageFromFresh, "image tower: " + imageFromParent + " from the parent, " + imageFromFresh + " from fresh");
        CliTest.assertOneLineError(CliTest.run(tiny(dir.resolve("bad-towers"), "--init", parent.toString(), "--init-towers", "head")),
                "--init-towers");
    }

    @Test
    void badKindWeightsAndMissingInitAreOneLineErrors() {
        Path work = dir.resolve("bad");
        CliTest.assertOneLineError(CliTest.run(tiny(work, "--kind-weights", "swaps=6")), "--kind-weights");
        CliTest.assertOneLineError(CliTest.run(tiny(work, "--kind-weights", "swap=0")), "--kind-weights");
        CliTest.assertOneLineError(CliTest.run(tiny(work, "--position-first", "3")), "--position-first");
        CliTest.assertOneLineError(CliTest.run(tiny(work, "--init", dir.resolve("none.safetensors").toString())), "--init");
        // a judge cannot start from a preference scorer: another configuration
        Path first = dir.resolve("pref");
        assertEquals(0, CliTest.run(tiny(first)).code());
        CliTest.Run r = CliTest.run(tiny(dir.resolve("judge"), "--kind", "judge", "--init", first.resolve("preference.safetensors").toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("another configuration"), r.err());
    }
}
