package dev.goldennoise.npnet;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.score.PreferenceModel;
import dev.goldennoise.score.PreferenceModelConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RewardTrainerTest {
    private static final List<String> PROMPTS = List.of("a red circle left of a blue square");

    static RewardTrainingOptions options(NpnetConfig config, int steps, Path dir) {
        return new RewardTrainingOptions(config, PROMPTS, steps, 4, 1e-2, 0.0, 1, 1, 3.0, 0, 5, 8, dir.resolve("work"),
                dir.resolve("out").resolve("npnet.safetensors"), Map.of("prompts", "test"), null);
    }

    private static NpnetConfig tinyConfig(DiffusionModel model) {
        long[] s = model.latentShape().getShape();
        return NpnetConfig.tiny((int) s[0], (int) s[1], (int) s[2], model.textEncoder().tokens(), model.textEncoder().width())
                .withAttention(8);
    }

    @Test
    void raisesTheRewardAboveXtsAndResumes(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            NpnetConfig config = tinyConfig(model);
            RewardTrainer.Validation first = new RewardTrainer(options(config, 10, dir)).run(model, scorer, root);
            assertEquals(10, first.step());
            // the untrained net is x_T itself; training on the reward must have raised it on held-out draws
            assertTrue(first.reward() > first.identityReward(), first.reward() + " vs x_T" + first.identityReward() + Files.readAllLines(dir.resolve("work").resolve(RewardTrainer.HISTORY)));
            assertTrue(first.relativeMove() > 0);
            assertTrue(Files.exists(dir.resolve("out").resolve("npnet.card.json")));

            RewardTrainer.Validation more = new RewardTrainer(options(config, 15, dir)).run(model, scorer, root);
            assertEquals(15, more.step());
            List<String> history = Files.readAllLines(dir.resolve("work").resolve(RewardTrainer.HISTORY));
            assertEquals(3, history.size(), "validations at 5, 10 and 15, none repeated: " + history);

            RewardTrainingOptions other = new RewardTrainingOptions(config, PROMPTS, 20, 4, 5e-2, 2.0, 1, 1, 3.0, 0, 5, 8,
                    dir.resolve("work"), dir.resolve("out").resolve("npnet.safetensors"), Map.of(), null);
            assertThrows(IllegalArgumentException.class, () -> new RewardTrainer(other).run(model, scorer, root));
        }
    }

    /** With keep-best, the weights written are those of the best validation, not the last, and the card says which. */
    @Test
    void keepsTheBestValidation(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            Path out = dir.resolve("out").resolve("npnet.safetensors");
            // a learning rate far too high for this net, so that its reward climbs and then falls
            RewardTrainingOptions o = new RewardTrainingOptions(tinyConfig(model), PROMPTS, 6, 4, 1.0, 0.0, 1, 1, 3.0, 0, 2, 8,
                    dir.resolve("work"), out, Map.of(), null, 1.0, true, 0.0);
            RewardTrainer.Validation kept = new RewardTrainer(o).run(model, scorer, root);
            ObjectMapper json = new ObjectMapper();
            RewardTrainer.Validation best = null;
            for (String line : Files.readAllLines(dir.resolve("work").resolve(RewardTrainer.HISTORY))) {
                RewardTrainer.Validation v = json.readValue(line, RewardTrainer.Validation.class);
                best = best == null || v.reward() > best.reward() ? v : best;
            }
            // the run is deterministic; at this seed its reward peaks before the end, which is what is tested
            assertTrue(best.step() < 6, "the best validation is the last one, so this run tests nothing: " + best);
            assertEquals(best, kept);
            JsonNode card = json.readTree(NpnetFiles.cardPath(out).toFile());
            assertEquals(best.step(), card.path("selected").path("step").asInt());
            assertEquals(best.reward(), card.path("validation").path("reward").asDouble(), 1e-9);
            try (NDManager m = root.newSubManager()) {
                RewardTrainer.Best record = json.readValue(dir.resolve("work").resolve(RewardTrainer.BEST).toFile(), RewardTrainer.Best.class);
                assertEquals(best, record.validation());
                try (var files = Files.list(dir.resolve("work"))) {
                    assertEquals(List.of(record.file()), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("best-")).toList(),
                            "only the best validation's weights are kept");
                }
                var want = dev.goldennoise.tensor.Safetensors.read(dir.resolve("work").resolve(record.file()), m).tensors();
                var got = dev.goldennoise.tensor.Safetensors.read(out, m).tensors();
                assertEquals(want.keySet(), got.keySet());
                for (String name : want.keySet()) {
                    assertEquals(0f, want.get(name).sub(got.get(name)).abs().max().getFloat(), name);
                }
                var last = dev.goldennoise.tensor.Safetensors.read(dir.resolve("work").resolve(RewardTrainer.CHECKPOINT), m).tensors();
                float differs = 0;
                for (String name : want.keySet()) {
                    differs = Math.max(differs, last.get("ema." + name).sub(got.get(name)).abs().max().getFloat());
                }
                assertTrue(differs > 0, "the written weights are the last step's average, not the best validation's");
            }
        }
    }

    /** Held-out prompts are validated on and never trained on; without a share, validation draws the training prompts. */
    @Test
    void holdsOutAShareOfThePromptsForValidation(@TempDir Path dir) {
        List<String> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pool.add("a red circle left of " + i + " blue squares");
        }
        NpnetConfig config = NpnetConfig.tiny(4, 16, 16, 8, 16);
        java.util.function.BiFunction<Double, Long, RewardTrainer> trainer = (share, seed) -> new RewardTrainer(new RewardTrainingOptions(
                config, pool, 2, 4, 1e-2, 0.0, 1, 1, 3.0, seed, 1, 8, dir.resolve("work"), dir.resolve("out.safetensors"), Map.of(), null,
                1.0, false, share));
        RewardTrainer held = trainer.apply(0.3, 0L);
        assertEquals(3, held.validationPrompts().size());
        assertEquals(7, held.trainingPrompts().size());
        assertTrue(java.util.Collections.disjoint(held.validationPrompts(), held.trainingPrompts()));
        assertEquals(new java.util.HashSet<>(pool), new java.util.HashSet<>(
                java.util.stream.Stream.concat(held.validationPrompts().stream(), held.trainingPrompts().stream()).toList()));
        assertEquals(held.validationPrompts(), trainer.apply(0.3, 0L).validationPrompts(), "the seed fixes the split");
        assertTrue(!held.validationPrompts().equals(trainer.apply(0.3, 1L).validationPrompts()), "another seed, another split");
        RewardTrainer none = trainer.apply(0.0, 0L);
        assertEquals(pool, none.trainingPrompts());
        assertEquals(pool, none.validationPrompts());
        assertThrows(IllegalArgumentException.class, () -> trainer.apply(0.01, 0L), "a share that holds out no prompt");
        assertThrows(IllegalArgumentException.class, () -> trainer.apply(Double.NaN, 0L));
        assertThrows(IllegalArgumentException.class, () -> trainer.apply(1.0, 0L));
    }

    /** Starting from given weights: at a vanishing learning rate the saved net is those weights, not the identity. */
    @Test
    void startsFromGivenWeights(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2);
             PreferenceModel scorer = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            DiffusionModel model = built.asDiffusionModel();
            NpnetConfig config = tinyConfig(model);
            Path parent = dir.resolve("parent.safetensors");
            try (Npnet net = new Npnet(config, root, 7)) {
                // a net that moves the noise: α = β = 1 instead of the identity's 0
                net.params().get("alpha").set(new float[] {1f});
                net.params().get("beta").set(new float[] {1f});
                NpnetFiles.save(net, parent);
            }
            RewardTrainingOptions o = new RewardTrainingOptions(config, PROMPTS, 2, 4, 1e-12, 0.0, 1, 1, 3.0, 0, 2, 8,
                    dir.resolve("work"), dir.resolve("out").resolve("npnet.safetensors"), Map.of(), parent);
            RewardTrainer.Validation v = new RewardTrainer(o).run(model, scorer, root);
            assertTrue(v.relativeMove() > 0.01, "the parent moves the noise, so the child must too: " + v.relativeMove());
            try (NDManager m = root.newSubManager()) {
                var want = dev.goldennoise.tensor.Safetensors.read(parent, m).tensors();
                var got = dev.goldennoise.tensor.Safetensors.read(dir.resolve("out").resolve("npnet.safetensors"), m).tensors();
                assertEquals(want.keySet(), got.keySet());
                for (String name : want.keySet()) {
                    float diff = want.get(name).sub(got.get(name)).abs().max().getFloat();
                    assertTrue(diff < 1e-5, name + " moved by " + diff);
                }
            }
        }
    }
}
