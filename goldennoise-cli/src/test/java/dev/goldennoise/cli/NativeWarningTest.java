package dev.goldennoise.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command's terminal output carries no native library's warnings: libtorch's is printed once per process, so a child runs it. */
class NativeWarningTest {
    @Test
    void aCommandPrintsNoLibtorchWarning(@TempDir Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(ChildJvm.command(List.of("noise", "a red circle", "--seeds", "0", "--noise", "standard",
                "--out", dir.resolve("noise").toString()))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("wrote"), out);
        assertFalse(out.contains("Warning"), out);
    }
}
