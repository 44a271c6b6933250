package dev.goldennoise.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxSessionTest {
    private static Path graph(Path dir) throws IOException {
        Path file = dir.resolve("id.onnx");
        new TinyOnnx().input("x", TinyOnnx.FLOAT, -1, 2).output("y", TinyOnnx.FLOAT, -1, 2)
                .node("Identity", List.of("x"), List.of("y")).write(file);
        return file;
    }

    /** ONNX Runtime itself, except that a graph "fails to initialise" at the levels named. */
    private static OnnxSession.Factory failingAt(Set<String> levels, List<String> tried) {
        return (file, settings) -> {
            tried.add(settings.optimization());
            if (levels.contains(settings.optimization())) {
                throw new OrtException("Exception during initialization: fusion broke the graph");
            }
            return OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions());
        };
    }

    @Test
    void aGraphThatFailsAtTheHighestLevelIsRetriedAtBasicWithOneWarning(@TempDir Path dir) throws IOException {
        List<String> tried = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (OnnxSession s = OnnxSession.open(graph(dir), OrtSettings.of("cpu"), Set.of("x"), Set.of("y"), failingAt(Set.of("all"), tried),
                warnings::add)) {
            assertEquals(Set.of("x"), s.session().getInputNames());
        }
        assertEquals(List.of("all", "basic"), tried);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("basic") && warnings.get(0).contains("fusion broke the graph"), warnings.get(0));
        assertEquals(1, warnings.get(0).lines().count());
    }

    @Test
    void aLevelTheUserChoseIsNotSecondGuessedAndAFailureAtBothLevelsNamesBoth(@TempDir Path dir) throws IOException {
        Path file = graph(dir);
        List<String> tried = new ArrayList<>();
        IOException chosen = assertThrows(IOException.class, () -> OnnxSession.open(file, OrtSettings.of("cpu").withOptimization("extended"),
                Set.of("x"), Set.of("y"), failingAt(Set.of("extended"), tried), w -> { }));
        assertEquals(List.of("extended"), tried);
        assertTrue(chosen.getMessage().contains("extended"), chosen.getMessage());

        tried.clear();
        IOException both = assertThrows(IOException.class, () -> OnnxSession.open(file, OrtSettings.of("cpu"), Set.of("x"), Set.of("y"),
                failingAt(Set.of("all", "basic"), tried), w -> { }));
        assertEquals(List.of("all", "basic"), tried);
        assertTrue(both.getMessage().contains("basic") && both.getMessage().contains(file.toString()), both.getMessage());
        assertEquals(1, both.getMessage().lines().count());
    }

    @Test
    void threadsAndLevelsAreCheckedWhereTheyAreMade() {
        assertThrows(IllegalArgumentException.class, () -> new OrtSettings("cpu", "all", -1));
        assertThrows(IllegalArgumentException.class, () -> new OrtSettings("tpu", "all", 0));
        assertEquals(2, new OrtSettings("cpu", "basic", 2).threads());
    }

    @Test
    void anAllocationTooLargeForTheMachineNamesTheBatch(@TempDir Path dir) throws Exception {
        // Expand to 2^40 floats: 4 TiB, more than any machine this runs on can allocate
        Path file = dir.resolve("huge.onnx");
        new TinyOnnx().input("x", TinyOnnx.FLOAT, 1).output("y", TinyOnnx.FLOAT, -1)
                .longs("shape", new long[] {1L << 40}, 1)
                .node("Expand", List.of("x", "shape"), List.of("y")).write(file);
        try (OnnxSession s = OnnxSession.open(file, "cpu", Set.of("x"), Set.of("y"));
             ai.onnxruntime.OnnxTensor x = ai.onnxruntime.OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), new float[] {1})) {
            OnnxOutOfMemory oom = assertThrows(OnnxOutOfMemory.class, () -> s.run(java.util.Map.of("x", x), Set.of(), 7).close());
            assertTrue(oom.getMessage().contains("--batch") && oom.getMessage().contains("7 inputs"), oom.getMessage());
            assertEquals(1, oom.getMessage().lines().count());
        }
    }
}
