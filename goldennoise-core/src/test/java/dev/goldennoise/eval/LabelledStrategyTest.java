package dev.goldennoise.eval;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.noise.NoiseBatch;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StrategyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelledStrategyTest {
    /** Strategies that need no scorer and no NPNet weights. */
    static final StrategyContext CONTEXT = new StrategyContext(20, 7.5, () -> {
        throw new IOException("no scorer in this test");
    }, null, null, null);

    private static List<String> labels(List<String> names) {
        return LabelledStrategy.fromNames(names, CONTEXT).stream().map(LabelledStrategy::label).toList();
    }

    @Test
    void repeatsGetNumberedLabelsAndTheBaselineComesFirst() {
        assertEquals(List.of("standard", "standard#2", "standard#3"), labels(List.of("standard", "standard", " standard")));
        assertEquals(List.of("standard"), labels(List.of()));
        assertEquals("standard", LabelledStrategy.fromNames(List.of("standard", "standard"), LabelledStrategyTest.CONTEXT).get(1).strategy().name());
    }

    @Test
    void unknownNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelledStrategy.fromNames(List.of("standard", "magic"), CONTEXT));
    }

    /** A strategy that reads one weights file and changes nothing. */
    private record ReadsFile(String name, Path file) implements NoiseStrategy {
        @Override
        public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
            return xT;
        }

        @Override
        public int extraDenoiserCalls() {
            return 0;
        }

        @Override
        public List<Path> weightFiles() {
            return List.of(file);
        }
    }

    @Test
    void cacheFoldersNeverCollideAndFollowTheWeights(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Files.createDirectories(a);
        Path nested = Files.writeString(dir.resolve("a").resolve("b"), "one");
        Path flat = Files.writeString(dir.resolve("a_b"), "one");
        String l1 = "npnet:" + nested;
        String l2 = "npnet:" + flat;
        assertEquals(LabelledStrategy.folderFor(l1), LabelledStrategy.folderFor(l2), "the readable parts alone collide");
        LabelledStrategy s1 = new LabelledStrategy(l1, new ReadsFile(l1, nested));
        LabelledStrategy s2 = new LabelledStrategy(l2, new ReadsFile(l2, flat));
        assertNotEquals(s1.folder(), s2.folder());
        String before = s1.folder();
        assertEquals(before, s1.folder(), "the same weights give the same folder");
        Files.writeString(nested, "retrained");
        assertNotEquals(before, s1.folder(), "changed weights at the same path get a new folder");
        assertTrue(before.startsWith(LabelledStrategy.folderFor(l1) + "-"), before);
    }
}
