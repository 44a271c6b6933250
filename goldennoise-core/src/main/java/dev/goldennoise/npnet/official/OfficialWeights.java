package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.io.torch.TorchTensor;
import dev.goldennoise.tensor.Finite;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tensors the official forward pass reads, as float32 arrays in a manager of their own. */
final class OfficialWeights implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /** Only the {@link OfficialLayout#required} tensors are kept; NaN or infinite values are refused by name. */
    OfficialWeights(Map<String, TorchTensor> tensors, OfficialNpnetConfig config, NDManager parent, String source) {
        this.manager = parent.newSubManager();
        try {
            for (Map.Entry<String, long[]> e : OfficialLayout.required(config).entrySet()) {
                TorchTensor t = tensors.get(e.getKey());
                float[] v = t.asFloats();
                int bad = Finite.firstNonFinite(v);
                if (bad >= 0) {
                    throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " element " + bad + " is " + v[bad]
                            + "; the weights are damaged or came from a run that diverged");
                }
                arrays.put(e.getKey(), manager.create(v, new Shape(e.getValue())));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    NDArray get(String key) {
        NDArray a = arrays.get(key);
        if (a == null) {
            throw new IllegalStateException("no official NPNet tensor " + key);
        }
        return a;
    }

    /** A one-element tensor (α, β) as a number. */
    float scalar(String key) {
        return get(key).toFloatArray()[0];
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
