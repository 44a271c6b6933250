package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        try (NDManager m = NDManager.newBaseManager();
             PreferenceModel p = PreferenceModelFiles.load(parent, m);
             PreferenceModel t = PreferenceModelFiles.load(tuned.resolve("preference.safetensors"), m);
             PreferenceModel f = PreferenceModelFiles.load(fresh.resolve("preference.safetensors"), m)) {
            String name = "img.proj.w";
            double fromParent = t.imageParams().get(name).sub(p.imageParams().get(name)).abs().max().getFloat();
            double freshFromParent = f.imageParams().get(name).sub(p.imageParams().get(name)).abs().max().getFloat();
            assertTrue(fromParent < freshFromParent, "tuned " + fromParent + " vs fresh " + freshFromParent + " from the parent");
        }

        // the image tower alone from the parent: the text tower starts where a fresh run's does
        Path imageOnly = dir.resolve("image-only");
        assertEquals(0, CliTest.run(tiny(imageOnly, "--init", parent.toString(), "--init-towers", "image")).code());
        JsonNode imageCard = new ObjectMapper().readTree(imageOnly.resolve("preference.card.json").toFile());
        assertEquals("[\"image\"]", imageCard.get("training").get("init_towers").toString());
        try (NDManager m = NDManager.newBaseManager();
             PreferenceModel p = PreferenceModelFiles.load(parent, m);
             PreferenceModel i = PreferenceModelFiles.load(imageOnly.resolve("preference.safetensors"), m);
             PreferenceModel f = PreferenceModelFiles.load(fresh.resolve("preference.safetensors"), m)) {
            String text = "txt.proj.w";
            double textFromFresh = i.textParams().get(text).sub(f.textParams().get(text)).abs().max().getFloat();
            double textFromParent = i.textParams().get(text).sub(p.textParams().get(text)).abs().max().getFloat();
            assertTrue(textFromFresh < textFromParent, "text tower: " + textFromFresh + " from fresh, " + textFromParent + " from the parent");
            String image = "img.proj.w";
            double imageFromParent = i.imageParams().get(image).sub(p.imageParams().get(image)).abs().max().getFloat();
            double imageFromFresh = i.imageParams().get(image).sub(f.imageParams().get(image)).abs().max().getFloat();
            assertTrue(imageFromParent < imageFromFresh, "image tower: " + imageFromParent + " from the parent, " + imageFromFresh + " from fresh");
        }
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
