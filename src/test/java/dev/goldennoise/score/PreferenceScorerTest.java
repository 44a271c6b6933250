package dev.goldennoise.score;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.goldennoise.tensor.AdamW;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreferenceScorerTest {
    @TempDir
    Path dir;

    static Path committed(String kind) {
        return Path.of(System.getProperty("goldennoise.repo", ".")).resolve(PreferenceModelFiles.DEFAULT_DIR).resolve(kind + ".safetensors");
    }

    @Test
    void contrastiveLossFallsOnATinyModel() {
        try (NDManager root = NDManager.newBaseManager(); PreferenceModel model = new PreferenceModel(PreferenceModelConfig.tiny(), root, 3)) {
            AdamW img = new AdamW(model.imageParams(), 0);
            AdamW txt = new AdamW(model.textParams(), 0);
            model.imageParams().requireGradients(true);
            model.textParams().requireGradients(true);
            // one fixed batch: the loss on it must fall when fitted
            ScorerBatch batch = ScorerBatch.draw(new Random(5), 12, 2);
            float first = 0;
            float last = 0;
            for (int s = 0; s < 40; s++) {
                try (NDManager m = root.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = PreferenceTrainer.loss(model, batch, m);
                        gc.backward(l);
                        last = l.getFloat();
                        first = s == 0 ? last : first;
                    }
                }
                img.update(3e-3);
                txt.update(3e-3);
            }
            assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
        }
    }

    @Test
    void saveLoadRoundTripScoresTheSame() throws IOException {
        Path file = dir.resolve("s.safetensors");
        ScorerBatch batch = ScorerBatch.draw(new Random(1), 4, 1);
        try (NDManager root = NDManager.newBaseManager()) {
            double[] before;
            try (PreferenceModel model = new PreferenceModel(PreferenceModelConfig.tiny(), root, 9)) {
                before = model.score(batch.clean(), batch.prompts(), root);
                PreferenceModelFiles.save(model, "preference", file);
            }
            try (PreferenceModel loaded = PreferenceModelFiles.load(file, root)) {
                assertArrayEquals(before, loaded.score(batch.clean(), batch.prompts(), root), 1e-4);
            }
        }
    }

    @Test
    void committedScorersRankTrueAboveHardNegativesAndCleanAboveDegraded() throws IOException {
        for (String kind : List.of(Scorers.PREFERENCE, Scorers.JUDGE)) {
            try (NDManager root = NDManager.newBaseManager(); PreferenceModel model = PreferenceModelFiles.load(committed(kind), root)) {
                // the same 400 held-out renders as the cards and the README report
                PreferenceEvaluation.Result r = PreferenceEvaluation.run(model, root, 400);
                assertTrue(r.alignment() >= 0.95, kind + ": " + r.summary());
                assertTrue(r.quality() >= 0.95, kind + ": " + r.summary());
                assertEquals(400, r.renders());
            }
        }
    }
}
