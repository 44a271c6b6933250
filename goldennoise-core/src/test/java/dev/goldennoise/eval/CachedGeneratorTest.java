package dev.goldennoise.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.io.ImageProvenance;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseBatch;
import dev.goldennoise.noise.NoiseStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CachedGeneratorTest {
    @TempDir
    Path dir;

    /** Standard noise that counts the batches it is applied to and their sizes. */
    private static final class Counting implements NoiseStrategy {
        final String name;
        final List<Integer> batches = new ArrayList<>();

        Counting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
            batches.add(batch.size());
            return xT;
        }

        @Override
        public int extraDenoiserCalls() {
            return 0;
        }
    }

    @Test
    void everyStrategyIsWarmedUpOnceBeforeItIsTimed() throws Exception {
        Counting first = new Counting("first");
        Counting second = new Counting("second");
        List<EvaluationItem> items = List.of(new EvaluationItem(0, "a red circle", "single", 0),
                new EvaluationItem(0, "a red circle", "single", 1), new EvaluationItem(1, "a blue square", "single", 0));
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 2)) {
            ImagePipeline pipeline = new ImagePipeline(built.asDiffusionModel(), 2, 3.0, 8);
            CachedGenerator g = new CachedGenerator(pipeline, 2, dir, new ImageProvenance("tiny", "0", 2, 3.0, "test"));
            g.run(items, List.of(new LabelledStrategy("first", first), new LabelledStrategy("second", second)), root);
        }
        // one untimed image, then the timed batches of 2 and 1, for each strategy alike
        assertEquals(List.of(1, 2, 1), first.batches);
        assertEquals(List.of(1, 2, 1), second.batches);
    }
}
