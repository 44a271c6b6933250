package dev.goldennoise.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads JSON files with errors a user can act on: one line naming the file, the line and column, and what was
 * wrong. Jackson's own messages span several lines and quote the parser's source object instead of the path.
 */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    public static JsonNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " not found");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(describe(file, e), e);
        }
    }

    /** "FILE line L column C: problem", on one line. */
    public static String describe(Path file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
        String problem = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("malformed JSON");
        return file + where + " is not valid JSON: " + problem;
    }
}
