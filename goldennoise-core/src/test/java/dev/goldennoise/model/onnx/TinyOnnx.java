package dev.goldennoise.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests: the subset of the ModelProto protobuf (graph, nodes, attributes, float
 * initializers, typed inputs and outputs, opset 17) that tiny stand-ins for the exported text encoder, UNet and VAE
 * decoder need. There is no ONNX library for Java on Maven Central, so the wire format is written by hand.
 */
final class TinyOnnx {
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int FLOAT16 = 10;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    private final ByteArrayOutputStream external = new ByteArrayOutputStream();
    private String externalFile;

    /** A graph input; a dimension of −1 is dynamic ("batch"). */
    TinyOnnx input(String name, int type, long... dims) {
        inputs.add(valueInfo(name, type, dims(dims)));
        return this;
    }

    TinyOnnx output(String name, int type, long... dims) {
        outputs.add(valueInfo(name, type, dims(dims)));
        return this;
    }

    /**
     * A graph input with dimensions as exporters name them: numbers, or symbols such as {@code "batch,4,height,width"}
     * (each symbol its own dynamic dimension); an empty string is a scalar.
     */
    TinyOnnx input(String name, int type, String dims) {
        inputs.add(valueInfo(name, type, dims.isEmpty() ? new String[0] : dims.split(",")));
        return this;
    }

    TinyOnnx output(String name, int type, String dims) {
        outputs.add(valueInfo(name, type, dims.isEmpty() ? new String[0] : dims.split(",")));
        return this;
    }

    private static String[] dims(long... dims) {
        String[] out = new String[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i] < 0 ? "batch" : Long.toString(dims[i]);
        }
        return out;
    }

    /**
     * A float initializer whose data lives in an external file beside the graph, as optimum stores a large UNet's
     * weights in {@code model.onnx_data}: the tensor names the file, an offset and a length.
     */
    TinyOnnx externalFloats(String name, String file, float[] values, long... dims) {
        if (externalFile != null && !externalFile.equals(file)) {
            throw new IllegalArgumentException("one external data file per graph");
        }
        externalFile = file;
        Msg t = floatHeader(name, dims);
        byte[] b = littleEndian(values);
        long offset = external.size();
        external.writeBytes(b);
        t.message(13, entry("location", file));
        t.message(13, entry("offset", Long.toString(offset)));
        t.message(13, entry("length", Integer.toString(b.length)));
        t.varint(14, 1); // data_location EXTERNAL
        initializers.add(t.toBytes());
        return this;
    }

    private static Msg entry(String key, String value) {
        Msg e = new Msg();
        e.string(1, key);
        e.string(2, value);
        return e;
    }

    TinyOnnx floats(String name, float[] values, long... dims) {
        Msg t = floatHeader(name, dims);
        t.bytes(9, littleEndian(values));
        initializers.add(t.toBytes());
        return this;
    }

    private static Msg floatHeader(String name, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT);
        t.string(8, name);
        return t;
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    TinyOnnx longs(String name, long[] values, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, INT64);
        t.string(8, name);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        t.bytes(9, b.array());
        initializers.add(t.toBytes());
        return this;
    }

    /** A node; attributes are integer ({@code "to=1"}) or integer lists ({@code "axes=[1,2]"}). */
    TinyOnnx node(String op, List<String> in, List<String> out, String... attributes) {
        Msg n = new Msg();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        n.string(3, op + "_" + nodes.size());
        n.string(4, op);
        for (String a : attributes) {
            String[] kv = a.split("=", 2);
            Msg attr = new Msg();
            attr.string(1, kv[0]);
            if (kv[1].startsWith("[")) {
                for (String v : kv[1].substring(1, kv[1].length() - 1).split(",")) {
                    attr.varint(8, Long.parseLong(v.trim()));
                }
                attr.varint(20, 7); // INTS
            } else if (kv[1].matches("-?\\d+")) {
                attr.varint(3, Long.parseLong(kv[1]));
                attr.varint(20, 2); // INT
            } else {
                attr.bytes(4, kv[1].getBytes(StandardCharsets.UTF_8));
                attr.varint(20, 3); // STRING
            }
            n.message(5, attr);
        }
        nodes.add(n.toBytes());
        return this;
    }

    void write(Path file) throws IOException {
        Msg graph = new Msg();
        nodes.forEach(b -> graph.bytes(1, b));
        graph.string(2, "tiny");
        initializers.forEach(b -> graph.bytes(5, b));
        inputs.forEach(b -> graph.bytes(11, b));
        outputs.forEach(b -> graph.bytes(12, b));
        Msg opset = new Msg();
        opset.string(1, "");
        opset.varint(2, 17);
        Msg model = new Msg();
        model.varint(1, 8);
        model.string(2, "goldennoise-test");
        model.message(7, graph);
        model.message(8, opset);
        Files.createDirectories(file.getParent());
        Files.write(file, model.toBytes());
        if (externalFile != null) {
            Files.write(file.resolveSibling(externalFile), external.toByteArray());
        }
    }

    private static byte[] valueInfo(String name, int type, String... dims) {
        Msg shape = new Msg();
        for (String d : dims) {
            Msg dim = new Msg();
            if (d.matches("\\d+")) {
                dim.varint(1, Long.parseLong(d));
            } else {
                dim.string(2, d);
            }
            shape.message(1, dim);
        }
        Msg tensor = new Msg();
        tensor.varint(1, type);
        tensor.message(2, shape);
        Msg typeProto = new Msg();
        typeProto.message(1, tensor);
        Msg v = new Msg();
        v.string(1, name);
        v.message(2, typeProto);
        return v.toBytes();
    }

    /** Protobuf wire format: varints (wire type 0) and length-delimited fields (wire type 2). */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, Msg m) {
            bytes(field, m.toBytes());
        }

        void bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
