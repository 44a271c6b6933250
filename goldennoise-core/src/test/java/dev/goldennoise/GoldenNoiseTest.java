package dev.goldennoise;

import dev.goldennoise.tensor.NoiseRng;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenNoiseTest {
    private static final Path REPO = Path.of(System.getProperty("goldennoise.repo", "."));
    private static final String PROMPT = "a red circle left of a blue square";

    @Test
    void givesTheSeedsNoiseAndTheShippedNpnetsGoldenNoise() throws Exception {
        try (GoldenNoise golden = GoldenNoise.builtin(REPO)) {
            GoldenLatent a = golden.noise(PROMPT, 7);
            assertArrayEquals(new long[] {1, 4, 16, 16}, a.shape());
            assertArrayEquals(NoiseRng.JAVA.gaussian(7, 4 * 16 * 16), a.initial());
            assertFalse(java.util.Arrays.equals(a.initial(), a.golden()), "NPNet moves x_T");
            // batched with other prompts and seeds, an item's noise is its own (to rounding: matrix kernels differ by batch size)
            List<GoldenLatent> batch = golden.noises(List.of("two green triangles", PROMPT), List.of(3L, 7L));
            assertEquals(4, batch.size());
            assertEquals(PROMPT, batch.get(3).prompt());
            assertEquals(7, batch.get(3).seed());
            assertArrayEquals(a.golden(), batch.get(3).golden(), 1e-5f);

            GoldenLatent standard = golden.using("standard").noise(PROMPT, 7);
            assertArrayEquals(standard.initial(), standard.golden());
            assertThrows(IllegalArgumentException.class, () -> golden.using("no-such-strategy"));
        }
    }

    @Test
    void refusesAFolderWithoutModels(@org.junit.jupiter.api.io.TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoldenNoise.builtin(dir));
        assertTrue(e.getMessage().contains("models/"), e.getMessage());
    }

    /** The example in docs/examples compiles against the library alone and prints its one line. */
    @Test
    void theDocumentedExampleRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path source = REPO.resolve("docs/examples/GoldenNoiseExample.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("GoldenNoiseExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {REPO.toString(), PROMPT, "7"});
        } finally {
            System.setOut(stdout);
        }
        String line = printed.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.matches(".*seed 7: latent \\[1, 4, 16, 16\\], golden noise moved x_T by 0\\.\\d{3} of its norm"), line);
        assertTrue(Files.exists(source));
    }
}
