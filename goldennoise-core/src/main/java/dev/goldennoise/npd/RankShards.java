package dev.goldennoise.npd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goldennoise.tensor.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A ranking collection on disk: {@code ranks-NNNNN.jsonl} shards of one {@link CandidateGroup} per line
 * ({@code index}, {@code seed}, {@code prompt}, {@code scores}), beside the {@link CollectionSettings} file. Shard s
 * holds groups [s·size, (s+1)·size); it is written whole under a temporary name and renamed, so a killed run loses at
 * most the shard in progress.
 */
public final class RankShards {
    public static final String LAYOUT = "ranks";
    private static final String PREFIX = "ranks-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RankShards() {}

    static Path shardFile(Path dir, int shard) {
        return dir.resolve(String.format(Locale.ROOT, PREFIX + "%05d.jsonl", shard));
    }

    public static void write(Path dir, int shard, List<CandidateGroup> groups) throws IOException {
        StringBuilder out = new StringBuilder();
        for (CandidateGroup g : groups) {
            ObjectNode line = JSON.createObjectNode();
            line.put("index", g.index());
            line.put("seed", g.seed());
            line.put("prompt", g.prompt());
            ArrayNode scores = line.putArray("scores");
            for (double s : g.scores()) {
                scores.add(s);
            }
            out.append(JSON.writeValueAsString(line)).append('\n');
        }
        AtomicFiles.writeString(shardFile(dir, shard), out.toString());
    }

    /** The shards of [0, ⌈count/size⌉) that machine {@code part} of {@code parts} has not written yet. */
    public static List<Integer> shardsToDo(Path dir, long count, int shardSize, int part, int parts) {
        List<Integer> todo = new ArrayList<>();
        long shards = (count + shardSize - 1) / shardSize;
        for (int s = 0; s < shards; s++) {
            if (s % parts == part && !Files.exists(shardFile(dir, s))) {
                todo.add(s);
            }
        }
        return todo;
    }

    public static boolean holdsShards(Path dir) throws IOException {
        return !shardFiles(dir).isEmpty();
    }

    /** Every group of every shard in {@code dir}, in index order; every group must have the same number of candidates. */
    public static List<CandidateGroup> read(Path dir) throws IOException {
        List<Path> files = shardFiles(dir);
        if (files.isEmpty()) {
            throw new IOException(dir + " holds no " + PREFIX + "*.jsonl shards; collect them with ./goldennoise collect-ranks --out " + dir);
        }
        List<CandidateGroup> out = new ArrayList<>();
        for (Path f : files) {
            int lineNo = 0;
            for (String line : Files.readAllLines(f)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    JsonNode s = n.get("scores");
                    double[] scores = new double[s.size()];
                    for (int k = 0; k < scores.length; k++) {
                        scores[k] = s.get(k).asDouble(Double.NaN);
                    }
                    CandidateGroup g = new CandidateGroup(n.get("index").asLong(), n.get("seed").asLong(), n.get("prompt").asText(), scores);
                    if (!out.isEmpty() && out.get(0).size() != g.size()) {
                        throw new IllegalArgumentException("group " + g.index() + " has " + g.size() + " candidates, the first has " + out.get(0).size());
                    }
                    out.add(g);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(f + " line " + lineNo + " is not a candidate group (" + e.getMessage()
                            + "); delete that shard and rerun collect-ranks to write it again", e);
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.index(), b.index()));
        return out;
    }

    private static List<Path> shardFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(".jsonl");
            }).sorted().toList();
        }
    }
}
