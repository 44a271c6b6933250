package dev.goldennoise.npnet;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.tensor.Seeds;
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
            assertTrue(Files.exists(NpnetFiles.cardPath(dir.resolve("w.safetensors"))));
        }
    }

    @Test
    void anInterruptedRunResumesFromItsLastEpoch(@TempDir Path dir) throws IOException {
        List<NpnetExample> data = synthetic(64);
        Path once = dir.resolve("once");
        Path twice = dir.resolve("twice");
        try (NDManager m = NDManager.newBaseManager()) {
            NpnetTrainer.Result straight = new NpnetTrainer(options(once, 4)).run(data, m);
            new NpnetTrainer(options(twice, 2)).run(data, m);
            NpnetTrainer.Result resumed = new NpnetTrainer(options(twice, 4)).run(data, m);
            assertEquals(4, resumed.history().size());
            assertEquals(straight.finalValidationLoss(), resumed.finalValidationLoss(), 1e-5);
            // a finished run is not trained again
            NpnetTrainer.Result again = new NpnetTrainer(options(twice, 4)).run(data, m);
            assertEquals(resumed.history(), again.history());
        }
    }
}
