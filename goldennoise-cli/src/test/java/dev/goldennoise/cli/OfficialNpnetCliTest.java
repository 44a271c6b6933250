package dev.goldennoise.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.goldennoise.cli.CliTest.assertOneLineError;
import static dev.goldennoise.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code --noise npnet:FILE.pth} from the command line: wrong shapes and hostile pickles are one-line errors, exit 2. */
class OfficialNpnetCliTest {
    @TempDir
    static Path dir;
    static Path tinyModel;

    @BeforeAll
    static void files() throws IOException {
        tinyModel = CliTest.saveTinyModel(dir.resolve("tiny.safetensors"));
        copy("/dev/goldennoise/npnet/official/tiny_npnet.pth", "npnet.pth");
        copy("/dev/goldennoise/io/torch/malicious_system.pth", "evil.pth");
    }

    /** The test data of goldennoise-core, from its test jar. */
    private static void copy(String resource, String name) throws IOException {
        try (InputStream in = OfficialNpnetCliTest.class.getResourceAsStream(resource)) {
            Files.copy(in, dir.resolve(name));
        }
    }

    private static CliTest.Run noise(String weights) {
        return run("noise", "a red circle", "--noise", "npnet:" + dir.resolve(weights), "--model", tinyModel.toString(),
                "--out", dir.resolve("out").toString());
    }

    @Test
    void anOfficialNetForAnotherLatentIsOneLineNamingBothShapes() {
        assertOneLineError(noise("npnet.pth"), "latent 4×8×8");
    }

    @Test
    void aHostileCheckpointIsOneLineNamingTheGlobalAndRunsNothing() throws IOException {
        Path ran = Path.of("/tmp/goldennoise-pickle-ran");
        Files.deleteIfExists(ran);
        assertOneLineError(noise("evil.pth"), "posix.system");
        assertFalse(Files.exists(ran));
    }

    @Test
    void benchNpnetChecksItsRepeats() {
        assertOneLineError(run("bench-npnet", "--repeats", "0"), "--repeats");
    }
}
