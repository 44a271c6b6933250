package dev.goldennoise.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch checkpoint ({@code torch.save}) without running Python or anything the file names:
 * the zip format of torch ≥ 1.6 ({@code <name>/data.pkl}, storages in {@code <name>/data/<key>}, the byte order in
 * {@code <name>/byteorder}) and the legacy format before it (pickles and raw storages one after another). The
 * pickle is read by {@link RestrictedUnpickler} against {@link TorchGlobals}' allow-list.
 *
 * <p>Nested dicts are flattened with dots, as {@code state_dict} names parameters: {@code {"unet_svd": {"mlp1.0.weight":
 * …}}} gives {@code unet_svd.mlp1.0.weight}. Values that are not tensors (an epoch number, a name) are left out.
 */
public final class TorchCheckpoint {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private TorchCheckpoint() {}

    /** Whether the file starts as a checkpoint does (a zip, or a pickle for the legacy format), read from its first bytes. */
    public static boolean looksLikeCheckpoint(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            return n >= 2 && (isZip(head, n) || (head[0] & 0xff) == 0x80);
        }
    }

    /** The file's tensors by flattened name, in the order the file holds them. */
    public static Map<String, TorchTensor> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint not found: " + file);
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (isZip(head, n)) {
            return readZip(file);
        }
        if (n > 0 && (head[0] & 0xff) == 0x80) {
            return readLegacy(file, ByteBuffer.wrap(Files.readAllBytes(file)));
        }
        throw new IOException(file + " is not a PyTorch checkpoint (neither a torch.save zip nor a legacy pickle)");
    }

    private static boolean isZip(byte[] head, int n) {
        return n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static Map<String, TorchTensor> readZip(Path file) throws IOException {
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, source);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(prefix + "byteorder");
            if (byteorder != null) {
                String o = new String(zip.getInputStream(byteorder).readAllBytes(), StandardCharsets.US_ASCII).trim();
                order = switch (o) {
                    case "little" -> ByteOrder.LITTLE_ENDIAN;
                    case "big" -> ByteOrder.BIG_ENDIAN;
                    default -> throw new IOException(source + " names an unknown byte order '" + o + "'");
                };
            }
            byte[] pickle = zip.getInputStream(zip.getEntry(prefix + "data.pkl")).readAllBytes();
            List<StorageRef> refs = new ArrayList<>();
            Object root = new RestrictedUnpickler(ByteBuffer.wrap(pickle), new TorchGlobals(source),
                    pid -> record(refs, StorageRef.of(pid, source)), source).load();
            Map<String, TorchStorage> storages = new HashMap<>();
            for (StorageRef r : refs) {
                if (storages.containsKey(r.key())) {
                    continue;
                }
                ZipEntry e = zip.getEntry(prefix + "data/" + r.key());
                if (e == null) {
                    throw new IOException(source + " has no data for storage " + r.key() + " (a damaged checkpoint?)");
                }
                byte[] data = zip.getInputStream(e).readAllBytes();
                storages.put(r.key(), TorchStorage.of(r.dtype(), ByteBuffer.wrap(data).order(order), r.numel(), r.key()));
            }
            return flatten(root, storages, source);
        } catch (ZipException e) {
            throw new IOException(source + " is a damaged zip: " + e.getMessage(), e);
        }
    }

    /** The one top-level folder holding data.pkl: torch names it after the file it first saved to. */
    private static String archivePrefix(ZipFile zip, String source) throws IOException {
        for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
            String name = it.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new IOException(source + " is a zip but not a torch.save checkpoint (no <name>/data.pkl in it)");
    }

    private static StorageRef record(List<StorageRef> refs, StorageRef r) {
        refs.add(r);
        return r;
    }

    /**
     * The legacy layout: a magic number, the protocol version and the saving machine's facts (byte order) as three
     * small pickles; then the object, whose storages are persistent ids; then the sorted storage keys; then each
     * storage as an 8-byte element count and its raw bytes.
     */
    private static Map<String, TorchTensor> readLegacy(Path file, ByteBuffer in) throws IOException {
        String source = file.toString();
        TorchGlobals globals = new TorchGlobals(source);
        Object magic = new RestrictedUnpickler(in, globals, null, source).load();
        if (!LEGACY_MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
            throw new IOException(source + " starts with a pickle but is not a PyTorch checkpoint (no torch.save magic number)");
        }
        Object protocol = new RestrictedUnpickler(in, globals, null, source).load();
        if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
            throw new IOException(source + " is a legacy checkpoint of protocol " + protocol + "; only " + LEGACY_PROTOCOL + " is read");
        }
        Object info = new RestrictedUnpickler(in, globals, null, source).load();
        ByteOrder order = info instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Map<String, StorageRef> refs = new LinkedHashMap<>();
        Object root = new RestrictedUnpickler(in, globals, pid -> {
            StorageRef r = StorageRef.of(pid, source);
            refs.putIfAbsent(r.key(), r);
            return r;
        }, source).load();
        Object keys = new RestrictedUnpickler(in, globals, null, source).load();
        if (!(keys instanceof List<?> keyList)) {
            throw new IOException(source + " is a legacy checkpoint without its list of storage keys");
        }
        Map<String, TorchStorage> storages = new HashMap<>();
        in.order(order);
        for (Object k : keyList) {
            StorageRef r = refs.get(String.valueOf(k));
            if (r == null || in.remaining() < 8) {
                throw new IOException(source + " lists a storage " + k + " that its pickle never used, or ends before it");
            }
            long numel = in.getLong();
            long bytes = numel * r.dtype().bytes();
            if (numel < 0 || bytes > in.remaining()) {
                throw new IOException(source + " storage " + k + " claims " + numel + " elements but the file ends first (truncated?)");
            }
            ByteBuffer data = in.slice().order(order);
            data.limit((int) bytes);
            storages.put(r.key(), TorchStorage.of(r.dtype(), data, numel, r.key()));
            in.position(in.position() + (int) bytes);
        }
        return flatten(root, storages, source);
    }

    private static Map<String, TorchTensor> flatten(Object root, Map<String, TorchStorage> storages, String source)
            throws IOException {
        if (!(root instanceof Map<?, ?> m)) {
            throw new IOException(source + " holds a " + (root == null ? "None" : root.getClass().getSimpleName())
                    + ", not a dict of tensors");
        }
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        flatten(m, "", storages, source, out);
        return out;
    }

    private static void flatten(Map<?, ?> m, String prefix, Map<String, TorchStorage> storages, String source,
                                Map<String, TorchTensor> out) throws IOException {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner) {
                flatten(inner, name + ".", storages, source, out);
            } else if (e.getValue() instanceof TensorView v) {
                TorchStorage s = storages.get(v.storage().key());
                if (s.dtype() != v.storage().dtype()) {
                    throw new IOException(source + " reads storage " + s.key() + " both as " + s.dtype() + " and as "
                            + v.storage().dtype());
                }
                out.put(name, TorchTensor.view(s, v.storage().offset() + v.offset(), v.shape(), v.stride()));
            }
        }
    }
}
