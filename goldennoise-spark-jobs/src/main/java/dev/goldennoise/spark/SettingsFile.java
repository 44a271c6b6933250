package dev.goldennoise.spark;

import dev.goldennoise.cli.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A job's settings file in its output folder, kept as the CLI keeps it: a folder that already holds work (shards,
 * images) is refused unless that work was made with the same settings; any other folder gets the settings written,
 * so a mistyped command that stopped before its first result never blocks the corrected one.
 */
final class SettingsFile {
    interface Reader {
        /** What differs between the settings in {@code file} and this run's. */
        List<String> differences(Path file) throws IOException;
    }

    interface Writer {
        void write(Path file) throws IOException;
    }

    private SettingsFile() {}

    /**
     * @param holdsWork whether the folder holds results of an earlier run
     * @param refusal   the CLI's one-line refusal, given the differences
     */
    static void checkOrRecord(RemoteFolder out, String name, boolean holdsWork, Path scratch, Reader reader, Writer writer,
            Function<List<String>, String> refusal) throws IOException {
        Path local = scratch.resolve(name);
        if (holdsWork && out.exists(name)) {
            out.download(name, local);
            List<String> diff = reader.differences(local);
            if (!diff.isEmpty()) {
                throw new UserError(refusal.apply(diff));
            }
        } else {
            writer.write(local);
            out.publish(local, name, true);
        }
    }
}
