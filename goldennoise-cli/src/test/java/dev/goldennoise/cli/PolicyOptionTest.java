package dev.goldennoise.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code --policy} refuses before any work: every run here names a model that does not exist, so a refusal that
 * came after loading it would be a different error.
 */
class PolicyOptionTest {
    @TempDir
    static Path dir;

    private static Path policy(String text) throws IOException {
        Path file = Files.createTempFile(dir, "policy", ".txt");
        Files.writeString(file, text);
        return file;
    }

    private static String missingModel() {
        return dir.resolve("no-model.safetensors").toString();
    }

    @Test
    void everyCommandThatTakesPromptsRefusesBeforeLoadingAModel() throws IOException {
        String p = policy("# no squares\n\nsquare  # squares are for the tests\nre:\\bblue\\b\n").toString();
        String out = dir.resolve("out").toString();
        assertOneLineError(run("generate", "a red circle", "a red square", "--policy", p, "--model", missingModel(), "--out", out),
                "prompt \"a red square\" is refused by --policy " + p + " line 3 (square): squares are for the tests");
        assertOneLineError(run("evaluate", "a blue circle", "--noise", "standard", "--policy", p, "--model", missingModel(),
                "--out", out), "line 4 (re:\\bblue\\b)");
        assertOneLineError(run("evaluate", "--prompt-set", "single", "--per-category", "54", "--noise", "standard",
                "--policy", p, "--model", missingModel(), "--out", out), "is refused by --policy");
        assertOneLineError(run("demo", "--policy", p, "--model", missingModel(), "--out", out), "is refused by --policy");
        Path prompts = dir.resolve("prompts.txt");
        Files.writeString(prompts, "a red circle\ntwo blue squares\n");
        assertOneLineError(run("collect", "--prompts-file", prompts.toString(), "--policy", p, "--model", missingModel(),
                "--out", out), "\"two blue squares\" is refused");
        assertFalse(Files.exists(dir.resolve("out")), "no output folder: nothing was written");
    }

    @Test
    void partOfAWordIsAllowed() throws IOException {
        String p = policy("circ\n").toString();
        // allowed, so the command goes on to load the model and fails there instead
        assertOneLineError(run("generate", "a red circle", "--policy", p, "--model", missingModel(), "--out",
                dir.resolve("o").toString()), "no-model.safetensors");
    }

    @Test
    void aBadRuleOrFileIsOneLineNamingIt() throws IOException {
        String p = policy("square\nre:(unclosed  # oops\n").toString();
        assertOneLineError(run("generate", "a red circle", "--policy", p, "--model", missingModel()),
                "--policy " + p + " line 2: '(unclosed' is not a valid regular expression");
        assertOneLineError(run("generate", "a red circle", "--policy", dir.resolve("none.txt").toString(), "--model", missingModel()),
                "--policy " + dir.resolve("none.txt") + " not found");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', (byte) 0xe9, '\n'});
        assertOneLineError(run("generate", "a red circle", "--policy", latin1.toString(), "--model", missingModel()), "not UTF-8");
    }
}
