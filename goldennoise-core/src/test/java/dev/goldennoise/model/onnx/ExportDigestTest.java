package dev.goldennoise.model.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportDigestTest {
    private static Path export(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("unet"));
        Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(dir.resolve("unet/model.onnx"), "graph");
        Files.writeString(dir.resolve("unet/model.onnx_data"), "weights v1");
        Files.writeString(dir.resolve("tokenizer/vocab.json"), "{}");
        // a minute old, so that their digests are cached (a file modified within the last moments never is)
        FileTime aged = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        for (String f : new String[] {"unet/model.onnx", "unet/model.onnx_data", "tokenizer/vocab.json"}) {
            Files.setLastModifiedTime(dir.resolve(f), aged);
        }
        return dir;
    }

    @Test
    void changedExternalWeightsChangeTheIdentity(@TempDir Path dir) throws IOException {
        Path e = export(dir.resolve("e"));
        String before = ExportDigest.of(e);
        assertTrue(Files.readString(e.resolve(ExportDigest.CACHE)).contains("unet/model.onnx_data"),
                "the per-file digests are cached beside the export");
        assertEquals(before, ExportDigest.of(e), "stable");
        Files.writeString(e.resolve("unet/model.onnx_data"), "weights v2");
        assertNotEquals(before, ExportDigest.of(e), "optimum keeps the weights in model.onnx_data");
    }

    @Test
    void everyFileCountsByPathAndContentAndTouchingChangesNothing(@TempDir Path dir) throws IOException {
        Path e = export(dir.resolve("e"));
        String before = ExportDigest.of(e);
        Files.setLastModifiedTime(e.resolve("tokenizer/vocab.json"), FileTime.fromMillis(1_000_000));
        assertEquals(before, ExportDigest.of(e), "same content, new time: the file is hashed again, to the same digest");
        Files.writeString(e.resolve("tokenizer/vocab.json"), "{\"a\": 1}");
        assertNotEquals(before, ExportDigest.of(e), "the tokenizer is read too");
        Path other = export(dir.resolve("other"));
        Files.move(other.resolve("tokenizer/vocab.json"), other.resolve("tokenizer/merges.txt"));
        assertNotEquals(ExportDigest.of(export(dir.resolve("same"))), ExportDigest.of(other), "paths count");
    }

    @Test
    void aStaleCacheEntryIsNotTrusted(@TempDir Path dir) throws IOException {
        Path e = export(dir.resolve("e"));
        ExportDigest.of(e);
        Path data = e.resolve("unet/model.onnx_data");
        FileTime t = Files.getLastModifiedTime(data);
        Files.writeString(data, "weights v9"); // same size as "weights v1"
        Files.setLastModifiedTime(data, FileTime.fromMillis(t.toMillis() + 5000));
        Path fresh = export(dir.resolve("f"));
        Files.writeString(fresh.resolve("unet/model.onnx_data"), "weights v9");
        assertEquals(ExportDigest.of(fresh), ExportDigest.of(e));
    }

    @Test
    void aRewriteWithinTheTimestampGranularityIsSeen(@TempDir Path dir) throws IOException {
        Path e = export(dir.resolve("e"));
        Path data = e.resolve("unet/model.onnx_data");
        // "now" as a coarse file system would record both writes: the same size and the same time
        FileTime same = FileTime.fromMillis(System.currentTimeMillis() + 10_000);
        Files.setLastModifiedTime(data, same);
        String before = ExportDigest.of(e);
        Files.writeString(data, "weights v2");
        Files.setLastModifiedTime(data, same);
        assertNotEquals(before, ExportDigest.of(e), "a file this recent is hashed again, not trusted by size and time");
    }
}
