package dev.goldennoise.io.torch;

import dev.goldennoise.tensor.Float16;

import java.nio.ByteBuffer;

/**
 * The element types of PyTorch's typed storages, by the class names a checkpoint's pickle uses
 * ({@code torch.FloatStorage}, …). Floating types are read as float32 (float64 narrowed: weights never need more);
 * integer and boolean types as long.
 */
public enum TorchDtype {
    FLOAT32("FloatStorage", 4, true),
    FLOAT64("DoubleStorage", 8, true),
    FLOAT16("HalfStorage", 2, true),
    BFLOAT16("BFloat16Storage", 2, true),
    INT64("LongStorage", 8, false),
    INT32("IntStorage", 4, false),
    INT16("ShortStorage", 2, false),
    INT8("CharStorage", 1, false),
    UINT8("ByteStorage", 1, false),
    BOOL("BoolStorage", 1, false);

    private final String storageName;
    private final int bytes;
    private final boolean floating;

    TorchDtype(String storageName, int bytes, boolean floating) {
        this.storageName = storageName;
        this.bytes = bytes;
        this.floating = floating;
    }

    /** The dtype of {@code torch.<name>}, or null when the name is no storage type this reader knows. */
    static TorchDtype ofStorage(String name) {
        for (TorchDtype d : values()) {
            if (d.storageName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    public int bytes() {
        return bytes;
    }

    public boolean floating() {
        return floating;
    }

    /** Element {@code index} of a floating storage. */
    float floatAt(ByteBuffer data, long index) {
        int at = Math.toIntExact(index * bytes);
        return switch (this) {
            case FLOAT32 -> data.getFloat(at);
            case FLOAT64 -> (float) data.getDouble(at);
            case FLOAT16 -> Float16.toFloat(data.getShort(at));
            // bfloat16 is the upper half of a float32
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
            default -> throw new IllegalStateException(this + " is not a floating type");
        };
    }

    /** Element {@code index} of an integer or boolean storage. */
    long longAt(ByteBuffer data, long index) {
        int at = Math.toIntExact(index * bytes);
        return switch (this) {
            case INT64 -> data.getLong(at);
            case INT32 -> data.getInt(at);
            case INT16 -> data.getShort(at);
            case INT8 -> data.get(at);
            case UINT8, BOOL -> data.get(at) & 0xff;
            default -> throw new IllegalStateException(this + " is not an integer type");
        };
    }
}
