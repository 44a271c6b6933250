package dev.goldennoise.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's .npy format: the magic {@code \x93NUMPY}, a version, a little-endian header length, a
 * Python dict literal giving dtype, order and shape, padded to 64 bytes, then the raw elements. Versions 1.0, 2.0
 * and 3.0 are read (they differ only in the length field and the header's charset); 1.0 is written unless the header
 * is too long for its 16-bit length, as NumPy itself does, so that the files open with any NumPy.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static NpyArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("npy file not found: " + file);
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read npy file " + file + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()), e);
        }
    }

    /** Writes atomically, so that an interrupted run never leaves a file that looks like a shorter array. */
    public static void write(Path file, NpyArray array) throws IOException {
        byte[] header = header(array);
        byte[] out = new byte[header.length + array.data().length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(array.data(), 0, out, header.length, array.data().length);
        AtomicFiles.write(file, out);
    }

    /** Parses a whole .npy image; messages leave the file name to the caller, which may be a zip entry. */
    static NpyArray parse(byte[] bytes) throws IOException {
        if (bytes.length < 10 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a .npy array (no \\x93NUMPY magic at the start)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException("truncated: " + bytes.length + " bytes end inside the preamble");
            }
            headerLen = buf.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IOException("unsupported .npy format version " + major + "." + (bytes[7] & 0xff));
        }
        if (start + headerLen > bytes.length) {
            throw new IOException("truncated: a header of " + headerLen + " bytes does not fit in " + bytes.length + " bytes");
        }
        String header = new String(bytes, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, "descr");
        if (field(FORTRAN, header, "fortran_order").equals("True")) {
            throw new IOException("the array is stored in Fortran (column-major) order, which is not supported;"
                    + " save it in C order (np.ascontiguousarray)");
        }
        long[] shape = parseShape(field(SHAPE, header, "shape"));
        String dtype = canonicalDtype(descr);
        long need;
        try {
            need = Math.multiplyExact(NpyArray.count(shape), NpyArray.width(dtype));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException("unusable header " + header.trim() + ": " + e.getMessage(), e);
        }
        long have = bytes.length - (start + headerLen);
        if (have != need) {
            throw new IOException((have < need ? "truncated: " : "")
                    + "shape " + shapeText(shape) + " of " + dtype + " needs " + need + " data bytes, found " + have);
        }
        byte[] data = Arrays.copyOfRange(bytes, (int) (start + headerLen), bytes.length);
        NpyArray array = new NpyArray(dtype, shape, data);
        int bad = array.firstNonFinite();
        if (bad >= 0) {
            throw new IOException("element " + bad + " is not a finite number (NaN or infinite); the array is damaged or"
                    + " came from a run that diverged");
        }
        return array;
    }

    /** The preamble and padded header dict that come before the elements. */
    static byte[] header(NpyArray array) {
        String dict = "{'descr': '" + array.dtype() + "', 'fortran_order': False, 'shape': " + shapeText(array.shape()) + ", }";
        int version = 1;
        int preamble = 10;
        int total = padded(preamble + dict.length() + 1);
        if (total - preamble > 0xffff) {
            version = 2;
            preamble = 12;
            total = padded(preamble + dict.length() + 1);
        }
        int headerLen = total - preamble;
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            buf.putShort((short) headerLen);
        } else {
            buf.putInt(headerLen);
        }
        buf.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (buf.position() < total - 1) {
            buf.put((byte) ' ');
        }
        buf.put((byte) '\n');
        return buf.array();
    }

    /** A shape as Python writes a tuple: (), (3,) or (2, 3). */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static int padded(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    private static String field(Pattern p, String header, String name) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException("header " + header.trim() + " has no usable '" + name + "'"
                    + (name.equals("descr") ? " (structured dtypes are not supported)" : ""));
        }
        return m.group(1);
    }

    private static long[] parseShape(String text) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.trim();
            if (s.endsWith("L")) { // Python 2 wrote longs with a suffix
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IOException("bad shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Byte order is irrelevant for single bytes, so NumPy's '|u1' and the odd '<u1' are one dtype. */
    private static String canonicalDtype(String descr) throws IOException {
        if (descr.length() == 3 && descr.endsWith("u1")) {
            return "|u1";
        }
        if (descr.startsWith(">") && !descr.endsWith("1")) {
            throw new IOException("big-endian dtype " + descr + " is not supported; save it as little-endian ("
                    + "<" + descr.substring(1) + ")");
        }
        try {
            NpyArray.width(descr);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        return descr;
    }
}
