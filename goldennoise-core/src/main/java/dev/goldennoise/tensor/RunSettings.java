package dev.goldennoise.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a training run was, kept in its work folder beside the checkpoint. A checkpoint only continues the run that
 * wrote it: resuming with other settings would silently mix two runs (a card that records only the last command's
 * learning rate, say), so it is refused with every difference named.
 */
public final class RunSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSettings() {}

    /**
     * On a fresh start writes {@code settings} to {@code file}; on a resume compares them with what the file holds and
     * throws {@link IllegalArgumentException} naming each difference. Keys in {@code mayChange} (for example the
     * number of steps, which is how a run is extended) are not compared, but the file keeps their latest value.
     */
    public static void check(Path file, Map<String, Object> settings, Set<String> mayChange, boolean resuming, String what)
            throws IOException {
        String json = JSON.writeValueAsString(settings);
        if (resuming && Files.exists(file)) {
            JsonNode before;
            try {
                before = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IOException(file + " is not readable run settings (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                        + "); delete the work folder " + file.getParent() + " to start over", e);
            }
            JsonNode now = JSON.readTree(json);
            List<String> differ = new ArrayList<>();
            now.fieldNames().forEachRemaining(k -> {
                if (!mayChange.contains(k) && !now.get(k).equals(before.get(k))) {
                    differ.add(k + " " + before.get(k) + " → " + now.get(k));
                }
            });
            if (!differ.isEmpty()) {
                throw new IllegalArgumentException("the work folder " + file.getParent() + " holds a checkpoint of another "
                        + what + " run (" + String.join("; ", differ) + "); rerun with the earlier settings, delete the folder,"
                        + " or choose another with --work");
            }
        }
        AtomicFiles.writeString(file, json);
    }
}
