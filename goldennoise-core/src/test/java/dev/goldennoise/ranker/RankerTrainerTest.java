package dev.goldennoise.ranker;

import ai.djl.ndarray.NDManager;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankerTrainerTest {
    /** One channel of 4×4; two prompts, one-hot over 2 tokens of width 4. */
    static final RankerConfig TINY = new RankerConfig(1, 4, 4, 2, 4, 4, 8, 1, 1);

    @TempDir
    Path dir;

    /**
     * A toy world where only the prompt says which noise is better: prompt 0 likes mass in the left half, prompt 1 in
     * the right half. A ranker that ignores the prompt orders half the pairs right.
     */
    static List<RankerGroup> toyGroups(int count, int candidates, long seed) {
        Random r = new Random(seed);
        List<RankerGroup> out = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            int prompt = g % 2;
            float[] text = new float[8];
            text[prompt] = 1;
            text[4 + 2 + prompt] = 1;
            float[] noises = new float[candidates * 16];
            double[] scores = new double[candidates];
            for (int k = 0; k < candidates; k++) {
                double s = 0;
                for (int i = 0; i < 16; i++) {
                    float v = (float) r.nextGaussian();
                    noises[k * 16 + i] = v;
                    boolean left = i % 4 < 2;
                    if (left == (prompt == 0)) {
                        s += v;
                    }
                }
                scores[k] = s;
            }
            out.add(new RankerGroup(noises, text, scores));
        }
        return out;
    }

    private RankerTrainingOptions options(int epochs, double lr, Path work) {
        return new RankerTrainingOptions(TINY, 8, epochs, lr, 0.0, 0.25, 1, work, dir.resolve("out").resolve("ranker.safetensors"), Map.of());
    }

    static double accuracy(NoiseRanker net, List<RankerGroup> groups, NDManager m) {
        List<double[]> predicted = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        float[] f = RankerTrainer.predict(net, groups, m).toFloatArray();
        int n = groups.get(0).size();
        for (int g = 0; g < groups.size(); g++) {
            double[] row = new double[n];
            for (int k = 0; k < n; k++) {
                row[k] = f[g * n + k];
            }
            predicted.add(row);
            scores.add(groups.get(g).scores());
        }
        return RankingQuality.of(predicted, scores).pairAccuracy();
    }

    @Test
    void learnsWhatThePromptAsksForAndResumesOnlyTheSameRun() throws IOException {
        List<RankerGroup> train = toyGroups(96, 4, 1);
        List<RankerGroup> fresh = toyGroups(40, 4, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            double before;
            try (NoiseRanker untrained = new NoiseRanker(TINY, m, 1)) {
                before = accuracy(untrained, fresh, m);
            }
            RankerTrainer.Result r = new RankerTrainer(options(20, 5e-3, dir.resolve("work"))).run(train, m);
            assertEquals(20, r.history().size());
            assertTrue(r.history().get(19).trainLoss() < r.history().get(0).trainLoss(), "the loss falls");
            assertEquals(RankerTrainer.keptEpoch(r.history()), r.kept());
            for (RankerTrainer.Epoch e : r.history()) {
                assertTrue(r.kept().validationLoss() <= e.validationLoss(), "the kept epoch has the lowest validation loss");
            }
            assertTrue(Files.exists(RankerFiles.cardPath(r.weights())));
            try (NoiseRanker trained = RankerFiles.load(r.weights(), 1, 4, 4, 2, 4, m)) {
                double after = accuracy(trained, fresh, m);
                assertTrue(after > 0.7 && after > before + 0.15, "pair accuracy on fresh groups: " + before + " untrained, " + after + " trained");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RankerTrainer(options(30, 1e-3, dir.resolve("work"))).run(train, m));
            assertTrue(e.getMessage().contains("lr 0.005 → 0.001"), e.getMessage());
        }
    }

    @Test
    void refusesGroupsOfOtherShapesAndTooFewGroups() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<RankerGroup> mixed = new ArrayList<>(toyGroups(4, 4, 1));
            mixed.addAll(toyGroups(2, 3, 2));
            assertThrows(IllegalArgumentException.class, () -> new RankerTrainer(options(1, 1e-3, dir.resolve("a"))).run(mixed, m));
            assertThrows(IllegalArgumentException.class, () -> new RankerTrainer(options(1, 1e-3, dir.resolve("b"))).run(toyGroups(1, 4, 1), m));
            List<RankerGroup> nan = new ArrayList<>(toyGroups(4, 2, 1));
            nan.add(new RankerGroup(new float[32], new float[8], new double[] {1, Double.NaN}));
            assertThrows(IllegalArgumentException.class, () -> new RankerTrainer(options(1, 1e-3, dir.resolve("c"))).run(nan, m));
        }
    }

    @Test
    void rankingQualityMeasuresThePickAgainstTheCeiling() {
        // group 1: the ranker picks the best (gain 2 of 2); group 2: it picks x_T itself (gain 0 of 3)
        RankingQuality q = RankingQuality.of(List.of(new double[] {0, 5, 1}, new double[] {9, 1, 2}),
                List.of(new double[] {1, 3, 2}, new double[] {0, 3, 1}));
        assertEquals(1.0, q.pickGain(), 1e-12);
        assertEquals(2.5, q.oracleGain(), 1e-12);
        assertEquals(0.4, q.recovered(), 1e-12);
        assertEquals(0.5, q.pairAccuracy(), 1e-12);
    }
}
