package dev.goldennoise.spark;

import org.apache.spark.SparkFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where an executor finds the files an option names. A path that exists where the task runs (a shared file system, or
 * the goldennoise folder on every machine) is used as given; one that does not, but was shipped with the job
 * ({@code spark-submit --files} for a weights file, {@code --archives} for a folder such as an export), is taken
 * from the job's files by its file name. {@code --scorers} names a folder of weights files: when no folder of that
 * name was shipped, the job's files themselves are that folder ({@code --files .../preference.safetensors}).
 */
final class JobFiles {
    /** The CLI options of collect and evaluate whose value is a file or folder the work reads. */
    private static final Set<String> PATH_OPTIONS = Set.of("--model", "--scorers", "--external-scorer", "--prompts-file", "--policy");

    private JobFiles() {}

    static List<String> resolve(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (PATH_OPTIONS.contains(out.get(i))) {
                out.set(i + 1, resolve(out.get(i + 1), out.get(i).equals("--scorers")));
            }
        }
        return out;
    }

    private static String resolve(String value, boolean folderOfFiles) {
        Path given = Path.of(value);
        if (Files.exists(given) || given.getFileName() == null) {
            return value;
        }
        Path shipped = Path.of(SparkFiles.get(given.getFileName().toString()));
        if (Files.exists(shipped)) {
            return shipped.toString();
        }
        return folderOfFiles ? SparkFiles.getRootDirectory() : value;
    }
}
