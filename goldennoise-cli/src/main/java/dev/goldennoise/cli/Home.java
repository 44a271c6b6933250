package dev.goldennoise.cli;

import java.nio.file.Path;

/** The goldennoise folder (set by the launcher), where the shipped weights live; the working folder otherwise. */
final class Home {
    private Home() {}

    static Path dir() {
        String home = System.getProperty("goldennoise.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }
}
