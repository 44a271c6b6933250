package dev.goldennoise.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The weights under the goldennoise folder's {@code models/} are what every command loads by default; a trial run
 * that replaced them (a 2-step {@code --tiny} scorer, say) would silently degrade everything after it. Trainers
 * therefore write under {@code runs/} unless told otherwise, and replace a shipped file only with {@code --force}.
 */
final class ShippedFiles {
    private ShippedFiles() {}

    static boolean isShipped(Path file) {
        Path models = Home.dir().resolve("models").toAbsolutePath().normalize();
        return file.toAbsolutePath().normalize().startsWith(models);
    }

    /** Refuses to replace an existing shipped file unless forced. */
    static void guard(Path file, boolean force) {
        if (!force && isShipped(file) && Files.exists(file)) {
            throw new UserError(file + " is a shipped model file that other commands load by default; to replace it, add"
                    + " --force (or write elsewhere with --out)");
        }
    }
}
