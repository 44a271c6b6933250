package dev.goldennoise.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output folder before any work starts, so a long run never fails at its first write. */
final class OutputFolder {
    private OutputFolder() {}

    static Path prepare(Path dir) {
        return prepare(dir, "--out");
    }

    /** @param option the option that named the folder, for the error line */
    static Path prepare(Path dir, String option) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot write to output folder " + dir + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + "); choose another with " + option);
        }
    }
}
