package dev.goldennoise.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle virtual machine for data only: the opcodes {@code torch.save} emits (protocols 2 to 5), with every
 * GLOBAL resolved against an allow-list and every REDUCE calling a Java implementation of it. Opcodes that build
 * arbitrary objects (NEWOBJ, INST, OBJ, extension codes) are refused, so nothing a file names ever runs.
 *
 * <p>Values: Python ints become {@link Long} (or {@link BigInteger} past 64 bits), floats {@link Double}, str
 * {@link String}, bytes {@code byte[]}, None null, lists {@link ArrayList}, tuples unmodifiable lists and dicts
 * {@link LinkedHashMap}s in insertion order.
 */
final class RestrictedUnpickler {
    /** What a persistent id (BINPERSID) stands for: in a checkpoint, a storage by its key. */
    interface PersistentLoad {
        Object load(Object pid) throws IOException;
    }

    private static final int MAX_DEPTH = 100_000;

    private final ByteBuffer in;
    private final PickleGlobals globals;
    private final PersistentLoad persistentLoad;
    private final String source;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param data           the pickle; read from its position, which is left just past STOP (the legacy format
     *                       holds several pickles one after another)
     * @param persistentLoad what BINPERSID's id stands for (a storage); null refuses persistent ids
     * @param source         how errors name the file
     */
    RestrictedUnpickler(ByteBuffer data, PickleGlobals globals, PersistentLoad persistentLoad, String source) {
        this.in = data.order(ByteOrder.LITTLE_ENDIAN);
        this.globals = globals;
        this.persistentLoad = persistentLoad;
        this.source = source;
    }

    Object load() throws IOException {
        try {
            while (true) {
                int op = in.get() & 0xff;
                if (op == '.') {
                    return pop();
                }
                step(op);
                if (stack.size() > MAX_DEPTH) {
                    throw corrupt("a stack deeper than " + MAX_DEPTH);
                }
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw corrupt("it ends before its STOP opcode (truncated?)");
        } catch (ClassCastException e) {
            throw corrupt("an opcode found a value of the wrong type on the stack");
        }
    }

    private void step(int op) throws IOException {
        switch (op) {
            case 0x80 -> in.get(); // PROTO: every protocol's opcodes are read the same
            case 0x95 -> in.getLong(); // FRAME: a read-ahead hint
            case '(' -> marks.push(stack.size());
            case '}' -> push(new LinkedHashMap<>());
            case ']' -> push(new ArrayList<>());
            case ')' -> push(Collections.emptyList());
            case 't' -> push(Collections.unmodifiableList(popMark()));
            case 0x85 -> push(tuple(1));
            case 0x86 -> push(tuple(2));
            case 0x87 -> push(tuple(3));
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) in.getInt());
            case 'K' -> push((long) (in.get() & 0xff));
            case 'M' -> push((long) (in.getShort() & 0xffff));
            case 0x8a -> push(longOf(bytes(in.get() & 0xff)));
            case 0x8b -> push(longOf(bytes(length(in.getInt()))));
            case 'G' -> push(bigEndianDouble());
            case 'X' -> push(text(length(in.getInt())));
            case 0x8c -> push(text(in.get() & 0xff));
            case 0x8d -> push(text(length(in.getLong())));
            case 'C' -> push(bytes(in.get() & 0xff));
            case 'B' -> push(bytes(length(in.getInt())));
            case 0x8e -> push(bytes(length(in.getLong())));
            // protocol-1 strings (Python 2 str): torch writes none, but old checkpoints may; latin-1 keeps every byte
            case 'U' -> push(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
            case 'T' -> push(new String(bytes(length(in.getInt())), StandardCharsets.ISO_8859_1));
            case 'q' -> memo.put((long) (in.get() & 0xff), peek());
            case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'h' -> push(memoGet(in.get() & 0xff));
            case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
            case 'c' -> push(global(line(), line()));
            case 0x93 -> {
                String name = (String) pop();
                push(global((String) pop(), name));
            }
            case 'R' -> {
                List<Object> args = args(pop());
                push(call(pop(), args));
            }
            case 'Q' -> {
                if (persistentLoad == null) {
                    throw corrupt("a persistent id where none is expected");
                }
                push(persistentLoad.load(pop()));
            }
            case 's' -> {
                Object value = pop();
                Object key = pop();
                dict(peek()).put(key, value);
            }
            case 'u' -> {
                List<Object> items = popMark();
                Map<Object, Object> d = dict(peek());
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
            }
            case 'a' -> {
                Object value = pop();
                list(peek()).add(value);
            }
            case 'e' -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case 'b' -> build(pop(), peek());
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 0x81, 0x92, 'i', 'o' -> throw new UnsafePickleException(source + " builds an object of a class (opcode "
                    + opName(op) + "), which a plain weights file never does; refusing to load it (nothing in it was run)");
            case 0x82, 0x83, 0x84 -> throw new UnsafePickleException(source + " uses a copyreg extension code (opcode "
                    + opName(op) + "), which a plain weights file never does; refusing to load it");
            default -> throw corrupt("opcode " + opName(op) + " at byte " + (in.position() - 1)
                    + ", which torch.save never writes");
        }
    }

    private Object global(String module, String name) throws IOException {
        return globals.resolve(module, name);
    }

    private Object call(Object callable, List<Object> args) throws IOException {
        if (!(callable instanceof PickleCallable c)) {
            throw corrupt("REDUCE on " + (callable == null ? "None" : callable.toString()) + ", which is not callable");
        }
        return c.call(args);
    }

    /**
     * BUILD sets an object's state. The only object here that gets one is a state dict's OrderedDict, whose state
     * is its {@code _metadata} (module versions); it carries no weights, so it is dropped.
     */
    private void build(Object state, Object target) throws IOException {
        if (!(target instanceof Map)) {
            throw corrupt("BUILD on a " + typeName(target) + ", which has no state to set");
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> args(Object o) throws IOException {
        if (!(o instanceof List)) {
            throw corrupt("REDUCE with arguments that are a " + typeName(o) + ", not a tuple");
        }
        return (List<Object>) o;
    }

    private List<Object> tuple(int n) {
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(0, pop());
        }
        return Collections.unmodifiableList(items);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw corrupt("an opcode needs a MARK that is not there");
        }
        int at = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (!marks.isEmpty() && marks.peek() == stack.size()) {
            throw new IndexOutOfBoundsException("pop past a mark");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private Object memoGet(long key) throws IOException {
        if (!memo.containsKey(key)) {
            throw corrupt("a memo entry " + key + " that was never stored");
        }
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws IOException {
        if (!(o instanceof Map)) {
            throw corrupt("SETITEM on a " + typeName(o));
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws IOException {
        if (!(o instanceof ArrayList)) {
            throw corrupt("APPEND on a " + typeName(o));
        }
        return (List<Object>) o;
    }

    private int length(long n) throws IOException {
        if (n < 0 || n > in.remaining()) {
            throw corrupt("a length of " + n + " bytes with " + in.remaining() + " left");
        }
        return (int) n;
    }

    /** BINFLOAT is the one big-endian operand. */
    private double bigEndianDouble() {
        double v = in.order(ByteOrder.BIG_ENDIAN).getDouble();
        in.order(ByteOrder.LITTLE_ENDIAN);
        return v;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[length(n)];
        in.get(b);
        return b;
    }

    private String text(int n) throws IOException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    /** A GLOBAL operand: text up to a newline. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.get() & 0xff) != '\n'; ) {
            if (sb.length() > 1000) {
                throw corrupt("a GLOBAL name longer than 1000 characters");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** LONG1/LONG4: a little-endian two's-complement integer of any width. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private static String opName(int op) {
        return op >= 0x20 && op < 0x7f ? "'" + (char) op + "'" : String.format("0x%02x", op);
    }

    private IOException corrupt(String what) {
        return new IOException(source + " is not a readable PyTorch checkpoint: its pickle has " + what);
    }
}
