package dev.goldennoise.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a finished evaluation tells the planner: for each strategy against the baseline, on the checker's verdicts,
 * how many items there were, how many were discordant (exactly one of the two images accepted) and the gain.
 */
public record PilotRun(Path folder, String baseline, List<Arm> arms) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Arm(String label, int items, int onlyStrategy, int onlyBaseline) {
        public double discordantRate() {
            return items == 0 ? 0 : (double) (onlyStrategy + onlyBaseline) / items;
        }

        public double gain() {
            return items == 0 ? 0 : (double) (onlyStrategy - onlyBaseline) / items;
        }
    }

    /** Reads {@code results.json} of an evaluation folder (or the file itself). */
    public static PilotRun read(Path folderOrFile) throws IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(ResultsJson.FILE) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + ResultsJson.FILE + " in " + folderOrFile
                    + "; give the output folder of a finished evaluate run");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); give the results.json an evaluate run wrote");
        }
        String baseline = root.path("settings").path("baseline").asText(null);
        JsonNode items = root.path("items");
        if (baseline == null || !items.isArray()) {
            throw new IllegalArgumentException(file + " has no settings.baseline or items: it is not an evaluate results.json");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode s : root.path("settings").path("strategies")) {
            String label = s.path("label").asText();
            if (!label.equals(baseline)) {
                labels.add(label);
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(file + " evaluated only the baseline; a pilot needs a strategy against it,"
                    + " e.g. evaluate --noise standard,npnet");
        }
        List<Arm> arms = new ArrayList<>();
        for (String label : labels) {
            int n = 0;
            int onlyStrategy = 0;
            int onlyBaseline = 0;
            for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
                JsonNode perStrategy = it.next().path("strategies");
                JsonNode mine = perStrategy.path(label).path("checker_correct");
                JsonNode theirs = perStrategy.path(baseline).path("checker_correct");
                if (!mine.isBoolean() || !theirs.isBoolean()) {
                    throw new IllegalArgumentException(file + " lacks checker verdicts for " + label + " or " + baseline
                            + "; the planner needs the checker's 0/1 verdicts");
                }
                n++;
                onlyStrategy += mine.asBoolean() && !theirs.asBoolean() ? 1 : 0;
                onlyBaseline += !mine.asBoolean() && theirs.asBoolean() ? 1 : 0;
            }
            arms.add(new Arm(label, n, onlyStrategy, onlyBaseline));
        }
        return new PilotRun(file.getParent(), baseline, List.copyOf(arms));
    }
}
