package dev.goldennoise.tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's .npz: a zip of {@code name.npy} entries, as {@code np.savez} (stored) and
 * {@code np.savez_compressed} (deflated) write them. Keys are the entry names without {@code .npy}, as
 * {@code np.load} gives them.
 */
public final class Npz {
    /** A fixed entry time makes equal arrays give byte-equal files, so digests of shards can be compared. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /** The arrays in entry order; any failure, truncation included, is an IOException naming the file. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("npz file not found: " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, NpyArray> out = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                if (!e.isDirectory() && e.getName().endsWith(".npy")) {
                    String key = e.getName().substring(0, e.getName().length() - ".npy".length());
                    out.put(key, readEntry(zip, e));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read npz file " + file + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()), e);
        }
    }

    /**
     * Writes the arrays, in the map's order, as stored entries like {@code np.savez}. The zip is built to a
     * temporary sibling and renamed, so that a reader never sees half an archive.
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        long estimate = 1024;
        for (NpyArray a : arrays.values()) {
            estimate += a.data().length + 256;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(estimate, Integer.MAX_VALUE - 8));
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
                if (a.getKey().isEmpty()) {
                    throw new IllegalArgumentException("an npz key must not be empty");
                }
                byte[] header = Npy.header(a.getValue());
                byte[] data = a.getValue().data();
                // STORED entries must carry their size and CRC before their data
                CRC32 crc = new CRC32();
                crc.update(header);
                crc.update(data);
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setSize(header.length + (long) data.length);
                e.setCompressedSize(e.getSize());
                e.setCrc(crc.getValue());
                e.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(e);
                zip.write(header);
                zip.write(data);
                zip.closeEntry();
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The zip reader does not check CRCs itself; doing it here catches a corrupt entry instead of loading noise. */
    private static NpyArray readEntry(ZipFile zip, ZipEntry e) throws IOException {
        if (e.getSize() > Integer.MAX_VALUE - 8) {
            throw new IOException("entry " + e.getName() + " is too large (" + e.getSize() + " bytes)");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        if (e.getSize() >= 0 && bytes.length != e.getSize()) {
            throw new IOException("entry " + e.getName() + " holds " + bytes.length + " bytes, its directory says " + e.getSize());
        }
        if (e.getCrc() != -1) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if (crc.getValue() != e.getCrc()) {
                throw new IOException("entry " + e.getName() + " fails its CRC check (corrupt file)");
            }
        }
        try {
            return Npy.parse(bytes);
        } catch (IOException e2) {
            throw new IOException("entry " + e.getName() + ": " + e2.getMessage(), e2);
        }
    }
}
