package dev.goldennoise.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.goldennoise.tensor.Float16;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Float arrays to ONNX tensors of the type a model input declares (float32, float16, int32, int64), and back. */
public final class OnnxTensors {
    private OnnxTensors() {}

    public static OnnxTensor of(float[] values, long[] shape, OnnxJavaType type) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
            case FLOAT16 -> {
                short[] half = new short[values.length];
                for (int i = 0; i < values.length; i++) {
                    half[i] = Float16.fromFloat(values[i]);
                }
                yield OnnxTensor.createTensor(env, ShortBuffer.wrap(half), shape, OnnxJavaType.FLOAT16);
            }
            case INT64 -> {
                long[] l = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    l[i] = Math.round(values[i]);
                }
                yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
            }
            case INT32 -> {
                int[] n = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    n[i] = Math.round(values[i]);
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(n), shape);
            }
            default -> throw new OrtException("input type " + type + " is not supported; exports use float32, float16, int32 or int64");
        };
    }

    /** Any float tensor (float32 or float16) as floats. */
    public static float[] floats(OnnxTensor t) {
        FloatBuffer b = t.getFloatBuffer(); // ONNX Runtime widens float16 outputs here
        if (b == null) {
            throw new IllegalStateException("expected a float output, got " + t.getInfo().type);
        }
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}
