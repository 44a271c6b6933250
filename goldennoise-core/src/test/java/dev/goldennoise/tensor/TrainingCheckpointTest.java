package dev.goldennoise.tensor;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingCheckpointTest {
    @Test
    void savingAgainAndAgainLeavesNothingBehindAndLoadsBack(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterSet p = new ParameterSet(m, 3);
            p.uniform("w", new Shape(2, 3), 3, 1.0);
            AdamW adam = new AdamW(p, 0.0);
            int before = p.manager().getManagedArrays().size();
            Path file = dir.resolve("c.safetensors");
            for (int i = 0; i < 5; i++) {
                TrainingCheckpoint.save(file, new TrainingCheckpoint.State(i + 1, 0.5, 1.0), Map.of("net.", p), Map.of("opt.", adam));
            }
            assertEquals(before, p.manager().getManagedArrays().size(), "a checkpoint adds no array to the weights' manager");

            ParameterSet q = new ParameterSet(m, 4);
            q.uniform("w", new Shape(2, 3), 3, 1.0);
            AdamW other = new AdamW(q, 0.0);
            TrainingCheckpoint.State s = TrainingCheckpoint.load(file, m, Map.of("net.", q), Map.of("opt.", other));
            assertEquals(5, s.step());
            assertArrayEquals(p.get("w").toFloatArray(), q.get("w").toFloatArray(), 0f);
            assertEquals(adam.step(), other.step());
        }
    }
}
