package dev.goldennoise.npd;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.model.builtin.BuiltinConfig;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.noise.RedenoiseNoise;
import dev.goldennoise.noise.RedenoiseSettings;
import dev.goldennoise.score.ChannelSumScorer;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpdCollectorTest {
    private static final int SHARD = 4;
    private static final int COUNT = 12;
    private static final long SEED = 9;

    private static final Scorer GREEN = new ChannelSumScorer(1);

    private static NpdCollector collector(DiffusionModel model) {
        return new NpdCollector(model, new RedenoiseNoise(RedenoiseSettings.defaults()), GREEN, 2, 3.0, 3);
    }

    private static void run(NpdCollector c, Path dir, List<Integer> shards, NDManager m) throws Exception {
        long[] totals = new long[2];
        for (int s : shards) {
            c.collectShard(dir, SEED, s, SHARD, m, (done, improved) -> { }, totals);
        }
    }

    @Test
    void aKilledCollectionRestartedHoldsEveryPairExactlyOnce(@TempDir Path tmp) throws Exception {
        Path once = tmp.resolve("once");
        Path killed = tmp.resolve("killed");
        Files.createDirectories(once);
        Files.createDirectories(killed);
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 4)) {
            NpdCollector c = collector(built.asDiffusionModel());
            run(c, once, NpdCollector.shardsToDo(once, COUNT, SHARD, 0, 1), root);

            // the "killed" run finished shard 0 and died while writing shard 1: a half-written temporary file remains
            run(c, killed, List.of(0), root);
            Files.write(killed.resolve(".shard-00001.npz.tmp"), new byte[] {1, 2, 3});
            List<Integer> todo = NpdCollector.shardsToDo(killed, COUNT, SHARD, 0, 1);
            assertEquals(List.of(1, 2), todo);
            run(c, killed, todo, root);
            assertEquals(List.of(), NpdCollector.shardsToDo(killed, COUNT, SHARD, 0, 1));
        }
        NpdReader.Result a = NpdReader.read(once);
        NpdReader.Result b = NpdReader.read(killed);
        assertEquals(List.of(), b.problems());
        assertEquals(COUNT, b.pairs().size());
        Set<Long> indices = new HashSet<>();
        for (NoisePair p : b.pairs()) {
            assertTrue(indices.add(p.index()), "pair " + p.index() + " twice");
        }
        assertEquals(COUNT, indices.size());
        for (int i = 0; i < COUNT; i++) {
            NoisePair x = a.pairs().get(i);
            NoisePair y = b.pairs().get(i);
            assertEquals(x.index(), y.index());
            assertEquals(x.caption(), y.caption());
            assertArrayEquals(x.golden(), y.golden(), 1e-5f, "the same pair whichever run made it");
            assertEquals(x.originalScore(), y.originalScore(), 1e-3);
        }
        assertArrayEquals(a.latentShape(), b.latentShape());
        assertEquals(3, b.latentShape().length);
    }

    @Test
    void pairsHoldTheirSeedsNoisePromptAndAGoldenNoiseThatDiffers(@TempDir Path dir) throws Exception {
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel built = new BuiltinModel(BuiltinConfig.tiny(), root, 4)) {
            run(collector(built.asDiffusionModel()), dir, List.of(0), root);
        }
        List<NoisePair> pairs = NpdReader.read(dir).pairs();
        assertEquals(SHARD, pairs.size());
        for (NoisePair p : pairs) {
            assertEquals(NpdPrompts.promptFor(SEED, p.index()), p.caption());
            assertEquals(NpdPrompts.seedFor(SEED, p.index()), p.seed());
            assertArrayEquals(Seeds.gaussian(p.seed(), p.source().length), p.source());
            assertNotEquals(0, maxDiff(p.source(), p.golden()));
        }
    }

    @Test
    void machinesSplitTheShardsWithoutOverlap(@TempDir Path dir) {
        List<Integer> all = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            List<Integer> mine = NpdCollector.shardsToDo(dir, 40, 4, part, 3);
            for (int s : mine) {
                assertEquals(part, s % 3);
            }
            all.addAll(mine);
        }
        all.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), all);
    }

    @Test
    void npdPromptsNeverUseAnEvaluationPrompt() {
        Set<String> evaluation = new HashSet<>(dev.goldennoise.world.PromptSets.standardEvaluationSet());
        assertTrue(NpdPrompts.pool().size() > 500);
        for (String p : NpdPrompts.pool()) {
            assertTrue(!evaluation.contains(p), p);
        }
        Set<String> drawn = new HashSet<>();
        for (long i = 0; i < 2000; i++) {
            drawn.add(NpdPrompts.promptFor(1, i));
        }
        assertTrue(drawn.size() > 600, "draws spread over the pool: " + drawn.size());
    }

    private static float maxDiff(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
