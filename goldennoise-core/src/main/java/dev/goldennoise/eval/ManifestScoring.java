package dev.goldennoise.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.world.RgbImage;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores the images of a manifest, the way HPSv2 or PickScore score a folder: a JSON-lines file whose lines have at
 * least {@code prompt} and {@code image} (a PNG path relative to the manifest, as {@code generate} writes it). Every
 * line is written back with all its fields as they were, extra ones included, plus one number per scorer under the
 * scorer's name (replacing a field of that name). The output is written to a temporary file and renamed when whole,
 * so a bad line anywhere leaves no output at all.
 */
public final class ManifestScoring {
    /** Images held in memory at once; a scorer batches within it. */
    public static final int BATCH = 64;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ManifestScoring() {}

    /** A problem with one line of the manifest; {@code line} counts from 1. */
    public static final class BadLine extends IllegalArgumentException {
        private final int line;

        BadLine(Path manifest, int line, String problem) {
            super(manifest + " line " + line + ": " + problem);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Scores every line of {@code manifest} and writes the result to {@code out}; returns the number of lines scored.
     * {@code progress} hears how many lines each finished batch held.
     */
    public static int score(Path manifest, Path out, List<Scorer> scorers, IntConsumer progress) throws IOException {
        if (scorers.isEmpty()) {
            throw new IllegalArgumentException("no scorer to score with");
        }
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("manifest " + manifest + " not found (a JSON-lines file with prompt and image fields,"
                    + " as generate writes manifest.jsonl)");
        }
        Path base = manifest.toAbsolutePath().getParent();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        int scored = 0;
        try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            List<Entry> batch = new ArrayList<>();
            int lineNo = 0;
            String line;
            while ((line = readLine(in, manifest, lineNo + 1)) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                batch.add(parse(manifest, base, lineNo, line));
                if (batch.size() == BATCH) {
                    scored += flush(manifest, batch, scorers, w, progress);
                }
            }
            scored += flush(manifest, batch, scorers, w, progress);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (scored == 0) {
            Files.deleteIfExists(tmp);
            throw new IllegalArgumentException(manifest + " has no lines to score");
        }
        AtomicFiles.move(tmp, out);
        return scored;
    }

    private static String readLine(BufferedReader in, Path manifest, int lineNo) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new BadLine(manifest, lineNo, "not UTF-8 text");
        }
    }

    private record Entry(int line, ObjectNode fields, String prompt, RgbImage image) {}

    private static Entry parse(Path manifest, Path base, int lineNo, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadLine(manifest, lineNo, "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new BadLine(manifest, lineNo, "not a JSON object; each line is {\"prompt\": ..., \"image\": ...}");
        }
        JsonNode prompt = obj.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw new BadLine(manifest, lineNo, "no \"prompt\" string");
        }
        JsonNode image = obj.get("image");
        if (image == null || !image.isTextual() || image.asText().isEmpty()) {
            throw new BadLine(manifest, lineNo, "no \"image\" path");
        }
        Path file;
        try {
            file = base.resolve(image.asText());
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadLine(manifest, lineNo, "image path '" + image.asText() + "' is not a valid path");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadLine(manifest, lineNo, "image " + file + " not found (paths are relative to the manifest's folder)");
        }
        RgbImage img;
        try {
            img = RgbImage.read(file);
        } catch (IOException | RuntimeException e) {
            throw new BadLine(manifest, lineNo, "image " + file + " is not a readable PNG");
        }
        return new Entry(lineNo, obj, prompt.asText(), img);
    }

    private static int flush(Path manifest, List<Entry> batch, List<Scorer> scorers, BufferedWriter w, IntConsumer progress)
            throws IOException {
        if (batch.isEmpty()) {
            return 0;
        }
        List<RgbImage> images = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (Entry e : batch) {
            images.add(e.image());
            prompts.add(e.prompt());
        }
        for (Scorer s : scorers) {
            double[] scores = scoreBatch(manifest, s, batch, images, prompts);
            for (int i = 0; i < batch.size(); i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new BadLine(manifest, batch.get(i).line(), "scorer " + s.name() + " gave " + scores[i]);
                }
                batch.get(i).fields().put(s.name(), scores[i]);
            }
        }
        for (Entry e : batch) {
            w.write(JSON.writeValueAsString(e.fields()));
            w.write('\n');
        }
        int n = batch.size();
        batch.clear();
        progress.accept(n);
        return n;
    }

    /** A batch that fails is scored line by line, so the error names the line whose prompt or image the scorer refused. */
    private static double[] scoreBatch(Path manifest, Scorer s, List<Entry> batch, List<RgbImage> images, List<String> prompts) {
        try {
            return s.score(images, prompts);
        } catch (RuntimeException batchError) {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    s.score(images.subList(i, i + 1), prompts.subList(i, i + 1));
                } catch (RuntimeException e) {
                    throw new BadLine(manifest, batch.get(i).line(), "scorer " + s.name() + " cannot score it: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
                }
            }
            throw batchError;
        }
    }
}
