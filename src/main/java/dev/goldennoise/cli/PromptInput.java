package dev.goldennoise.cli;

import dev.goldennoise.world.PromptParser;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prompts given as arguments or one per line in {@code --prompts-file}; all checked before any work starts. */
public final class PromptInput {
    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "Prompts, each quoted, e.g. \"a red circle\".")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts-file", paramLabel = "FILE", description = "A text file with one prompt per line (blank lines and lines starting with # are skipped).")
    Path promptsFile;

    /** One prompt per line of a --prompts-file; blank lines and lines starting with # are skipped. */
    static List<String> readFile(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UserError("cannot read --prompts-file " + file + ": " + e.getMessage());
        }
    }

    /** The prompts in the shapes world's grammar, normalised; unknown words are a one-line error. */
    public List<String> read() {
        List<String> canonical = new ArrayList<>();
        for (String p : readFree()) {
            canonical.add(PromptParser.parse(p).prompt());
        }
        return canonical;
    }

    /** The prompts as given, for models that take any text (ONNX exports). */
    public List<String> readFree() {
        List<String> all = new ArrayList<>(prompts);
        if (promptsFile != null) {
            all.addAll(readFile(promptsFile));
        }
        if (all.isEmpty()) {
            throw new UserError("no prompts given; pass them as arguments, e.g. \"a red circle\", or with --prompts-file FILE");
        }
        return all;
    }
}
