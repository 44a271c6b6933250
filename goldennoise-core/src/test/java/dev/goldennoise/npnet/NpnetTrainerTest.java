package dev.goldennoise.npnet;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.tensor.GcPressure;
import dev.goldennoise.tensor.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpnetTrainerTest {
    private static final int C = 4;
    private static final int H = 6;
    private static final int W = 6;
    private static final int T = 3;
    private static final int D = 4;

    /** Golden = 0.9·source + a per-channel shift set by the prompt: learnable through the text injection. */
    private static List<NpnetExample> synthetic(int n) {
        Random r = new Random(1);
        List<NpnetExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int prompt = r.nextInt(3);
            float[] text = new float[T * D];
            text[prompt] = 1;
            float[] src = Seeds.gaussian(100 + i * 7919L, C * H * W);
            float[] gold = new float[src.length];
            for (int j = 0; j < src.length; j++) {
                int ch = j / (H * W);
                gold[j] = 0.9f * src[j] + 0.3f * (prompt - 1) * (ch % 2 == 0 ? 1 : -1);
            }
            out.add(new NpnetExample(src, gold, text));
        }
        return out;
    }

    private static NpnetTrainingOptions options(Path dir, int epochs) {
        NpnetConfig cfg = NpnetConfig.tiny(C, H, W, T, D);
        return new NpnetTrainingOptions(cfg, epochs, 16, 3e-2, 0.0, 0.1, 0, dir.resolve("work"), dir.resolve("w.safetensors"), Map.of());
    }

    @Test
    void trainingLowersTheValidationLossWellBelowTheIdentity(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NpnetTrainer.Result r = new NpnetTrainer(options(dir, 12)).run(synthetic(160), m);
            double first = r.history().get(0).validationLoss();
            assertTrue(r.finalValidationLoss() < 0.5 * r.identityValidationLoss(),
                    r.finalValidationLoss() + " vs identity " + r.identityValidationLoss());
            assertTrue(r.finalValidationLoss() < first, "loss fell from " + first);
            assertEquals(144, r.trainPairs());
            assertEquals(16, r.validationPairs());
            JsonNode card = new ObjectMapper().readTree(NpnetFiles.cardPath(dir.resolve("w.safetensors")).toFile());
            assertEquals(12, card.get("history").size());
            assertEquals(r.finalValidationLoss(), card.get("final_validation_loss").asDouble(), 1e-12);
            assertEquals(r.identityValidationLoss(), card.get("identity_validation_loss").asDouble(), 1e-12);
            JsonNode use = card.get("use");
            assertEquals(r.finalValidationLoss(), use.get("evaluation").get("final_validation_loss").asDouble(), 1e-12);
            assertFalse(use.get("known_limits").toString().contains("no better than returning the noise unchanged"),
                    "it beat the identity, so that limit is not listed");
            assertEquals(NpnetConfig.tiny(C, H, W, T, D), new ObjectMapper().treeToValue(card.get("config"), NpnetConfig.class));
            try (Npnet loaded = NpnetFiles.load(dir.resolve("w.safetensors"), C, H, W, T, D, m)) {
                assertEquals(NpnetConfig.tiny(C, H, W, T, D), loaded.config());
            }
        }
    }

    @Test
    void aWorkFolderOnlyResumesItsOwnRun(@TempDir Path dir) throws IOException {
        List<NpnetExample> data = synthetic(32);
        try (NDManager m = NDManager.newBaseManager()) {
            new NpnetTrainer(options(dir, 2)).run(data, m);
            NpnetTrainingOptions o = options(dir, 3);
            NpnetTrainingOptions otherSeed = new NpnetTrainingOptions(o.config(), 3, o.batch(), o.lr(), o.weightDecay(),
                    o.validationFraction(), 7, o.work(), o.weights(), Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NpnetTrainer(otherSeed).run(data, m));
            assertTrue(e.getMessage().contains("seed 0 → 7"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new NpnetTrainer(o).run(synthetic(33), m));
            assertTrue(e.getMessage().contains("pairs 32 → 33"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new NpnetTrainer(options(dir, 1)).run(data, m));
            assertTrue(e.getMessage().contains("already holds 2 epochs"), e.getMessage());
        }
    }

    /**
     * With the garbage collector running beside it: a constant the backward pass needs, freed by the collector in
     * the middle of a step, once made this test's straight run end at another loss than its resumed one.
     */
    @Test
    void anInterruptedRunResumesFromItsLastEpoch(@TempDir Path dir) throws Exception {
        List<NpnetExample> data = synthetic(64);
        Path once = dir.resolve("once");
        Path twice = dir.resolve("twice");
        try (NDManager m = NDManager.newBaseManager(); AutoCloseable gc = GcPressure.inBackground()) {
            NpnetTrainer.Result straight = new NpnetTrainer(options(once, 4)).run(data, m);
            new NpnetTrainer(options(twice, 2)).run(data, m);
            NpnetTrainer.Result resumed = new NpnetTrainer(options(twice, 4)).run(data, m);
            assertEquals(4, resumed.history().size());
            for (int e = 0; e < 4; e++) {
                assertEquals(straight.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 1e-6, "epoch " + (e + 1));
                assertEquals(straight.history().get(e).validationLoss(), resumed.history().get(e).validationLoss(), 1e-6, "epoch " + (e + 1));
            }
            // a finished run is not trained again
            NpnetTrainer.Result again = new NpnetTrainer(options(twice, 4)).run(data, m);
            assertEquals(resumed.history(), again.history());
        }
    }
}
