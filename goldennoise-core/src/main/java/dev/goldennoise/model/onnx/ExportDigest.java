package dev.goldennoise.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goldennoise.io.FileDigest;
import dev.goldennoise.tensor.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The identity of an export: one SHA-256 over every file a session may read (graphs, external weight files such as
 * optimum's {@code model.onnx_data}, configs, tokenizer), each by its path relative to the folder and its content.
 * Changed weights anywhere change it, so evaluate never reuses images of other weights. Hashing gigabytes on every
 * command would be slow, so each file's digest is kept in {@value #CACHE} beside the export, keyed by size and
 * modification time, and recomputed only when those change; a folder that cannot be written is simply hashed each
 * time. A file modified less than {@value #RACY_MILLIS} ms before it is hashed is not cached: a rewrite of the same
 * size within the file system's timestamp granularity would keep its key and hide the new content (git's "racy"
 * entries; a test that rewrote a file within one millisecond found exactly that).
 */
public final class ExportDigest {
    public static final String CACHE = ".goldennoise-digest.json";
    /** Coarser than any common file system's modification-time granularity (FAT's is 2 s). */
    static final long RACY_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportDigest() {}

    public static String of(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        ObjectNode cache = readCache(folder.resolve(CACHE));
        boolean changed = false;
        MessageDigest all = FileDigest.digest();
        for (Path file : files) {
            String rel = folder.relativize(file).toString().replace('\\', '/');
            long modified = Files.getLastModifiedTime(file).toMillis();
            String key = Files.size(file) + ":" + modified;
            JsonNode hit = cache.path(rel);
            String digest;
            if (hit.path("key").asText().equals(key)) {
                digest = hit.path("sha256").asText();
            } else {
                long hashedAt = System.currentTimeMillis();
                digest = FileDigest.sha256(file);
                if (modified < hashedAt - RACY_MILLIS) {
                    cache.putObject(rel).put("key", key).put("sha256", digest);
                    changed = true;
                } else {
                    // too recent to trust later: dropped, and the cache file is rewritten only if it held the entry
                    changed |= cache.remove(rel) != null;
                }
            }
            all.update(rel.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(digest.getBytes(StandardCharsets.US_ASCII));
            all.update((byte) '\n');
        }
        if (changed) {
            try {
                AtomicFiles.writeString(folder.resolve(CACHE), JSON.writeValueAsString(cache) + "\n");
            } catch (IOException e) {
                // a read-only export: no cache, the digest is still right
            }
        }
        return HexFormat.of().formatHex(all.digest());
    }

    private static ObjectNode readCache(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode(); // missing or damaged: start afresh
        }
    }

}
