package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header, then raw
 * little-endian tensor bytes), so that weights trained here open in the Python ecosystem and vice versa.
 * Only F32 is written; F32, F16, BF16 and I64 are read, all as F32 (I64 for counters such as BatchNorm's
 * num_batches_tracked, which conversions of PyTorch checkpoints carry).
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {}

    /** A file's tensors, in file order, and its string metadata. */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

    /** Writes atomically: a half-written file would otherwise look like a corrupt checkpoint on the next resume. */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            // sorted: callers pass Map.of, whose order changes from one JVM to the next, and the same weights should
            // make the same bytes
            header.set("__metadata__", JSON.valueToTree(new java.util.TreeMap<>(metadata)));
        }
        long offset = 0;
        Map<String, float[]> data = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            float[] values = floats(a);
            data.put(e.getKey(), values);
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            t.set("shape", JSON.valueToTree(a.getShape().getShape()));
            t.putArray("data_offsets").add(offset).add(offset + 4L * values.length);
            offset += 4L * values.length;
        }
        byte[] headerBytes = padded(JSON.writeValueAsBytes(header));
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(headerBytes.length).put(headerBytes);
        for (float[] values : data.values()) {
            for (float v : values) {
                buf.putFloat(v);
            }
        }
        AtomicFiles.write(file, buf.array());
    }

    /** The values as float32; a converted copy would belong to the array's manager for good, so it is closed here. */
    private static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray converted = a.toType(DataType.FLOAT32, true)) {
            return converted.toFloatArray();
        }
    }

    /** Reads every tensor into {@code manager}; errors name the file, since a corrupt weight file must be findable. */
    public static Contents read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("weights file not found: " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes, manager);
        } catch (IOException | RuntimeException e) {
            // a damaged header makes Jackson throw multi-line messages; the first line says what was wrong
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw new IOException("corrupt safetensors file " + file + ": " + why, e);
        }
    }

    private static Contents parse(byte[] bytes, NDManager manager) throws IOException {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("shorter than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
            throw new IllegalArgumentException("header length " + headerLen + " does not fit a file of " + bytes.length + " bytes");
        }
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        int dataStart = (int) (8 + headerLen);
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                metadata.putAll(JSON.convertValue(e.getValue(), new TypeReference<Map<String, String>>() {}));
                continue;
            }
            JsonNode t = e.getValue();
            long[] shape = JSON.convertValue(t.get("shape"), long[].class);
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            String dtype = t.get("dtype").asText();
            long count = new Shape(shape).size();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                case "I64" -> 8;
                default -> throw new IllegalArgumentException("tensor " + e.getKey() + " has unsupported dtype " + dtype);
            };
            if (end - begin != count * width || dataStart + end > bytes.length || begin < 0) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " data range [" + begin + "," + end
                        + ") does not match its shape or the file size (truncated?)");
            }
            float[] values = new float[(int) count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (dtype) {
                    case "F32" -> slice.getFloat();
                    case "F16" -> Float16.toFloat(slice.getShort());
                    case "BF16" -> Float.intBitsToFloat((slice.getShort() & 0xffff) << 16); // the upper half of an F32
                    default -> slice.getLong();
                };
            }
            int bad = Finite.firstNonFinite(values);
            if (bad >= 0) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " element " + bad + " is " + values[bad]
                        + "; the weights are damaged or came from a run that diverged");
            }
            tensors.put(e.getKey(), manager.create(values, new Shape(shape)));
        }
        return new Contents(tensors, metadata);
    }

    /** The format asks for the header to be padded with spaces to a multiple of 8 bytes. */
    private static byte[] padded(byte[] header) {
        int len = (header.length + 7) / 8 * 8;
        byte[] out = new byte[len];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = header.length; i < len; i++) {
            out[i] = ' ';
        }
        return out;
    }
}
