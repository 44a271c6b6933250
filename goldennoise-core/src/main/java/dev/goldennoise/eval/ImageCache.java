package dev.goldennoise.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.tensor.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished images of one strategy: PNGs named {@code <prompt index>-seed<seed>.png} in one folder, and an index
 * {@value #INDEX} with one JSON line per finished image: prompt_index, seed, file, seconds. The index is rewritten
 * whole (atomically) after each batch and only after its PNGs exist, so an image counts as finished exactly when a
 * stopped run can reuse it. The generation time is kept so that cost stays meaningful after a resume.
 */
public final class ImageCache {
    public static final String INDEX = "done.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished image and the wall time it took (its share of its batch). */
    public record Entry(int promptIndex, long seed, String file, double seconds) {}

    private final Path dir;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ImageCache(Path dir) {
        this.dir = dir;
    }

    /** Opens (and creates) the folder and reads its index. */
    public static ImageCache open(Path dir) throws IOException {
        Files.createDirectories(dir);
        ImageCache cache = new ImageCache(dir);
        Path index = dir.resolve(INDEX);
        if (Files.exists(index)) {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    Entry e = new Entry(n.get("prompt_index").asInt(), n.get("seed").asLong(), n.get("file").asText(),
                            n.get("seconds").asDouble());
                    cache.entries.put(key(e.promptIndex(), e.seed()), e);
                } catch (IOException | NullPointerException e) {
                    throw new IOException("corrupt image index " + index + "; delete its folder to regenerate those images");
                }
            }
        }
        return cache;
    }

    public Path dir() {
        return dir;
    }

    public static String fileName(EvaluationItem item) {
        return String.format("%05d-seed%d.png", item.promptIndex(), item.seed());
    }

    /** The finished entry of the item, or null when it was never finished or its PNG has gone. */
    public Entry find(EvaluationItem item) {
        Entry e = entries.get(key(item.promptIndex(), item.seed()));
        return e != null && Files.isRegularFile(dir.resolve(e.file())) ? e : null;
    }

    /** Every entry of the index, in its order (whether or not its PNG still exists). */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Records images whose PNGs are already written. */
    public void record(List<Entry> finished) throws IOException {
        for (Entry e : finished) {
            entries.put(key(e.promptIndex(), e.seed()), e);
        }
        StringBuilder text = new StringBuilder();
        for (Entry e : entries.values()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("prompt_index", e.promptIndex());
            line.put("seed", e.seed());
            line.put("file", e.file());
            line.put("seconds", e.seconds());
            text.append(JSON.writeValueAsString(line)).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(INDEX), text.toString());
    }

    private static String key(int promptIndex, long seed) {
        return promptIndex + ":" + seed;
    }
}
