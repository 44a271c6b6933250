package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The named weights of a functional network. Names are stable (they are the safetensors keys), and every array
 * lives in this set's own manager so that per-step managers never take ownership of a weight.
 */
public final class ParameterSet implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Random init;

    public ParameterSet(NDManager parent, long seed) {
        this.manager = parent.newSubManager();
        this.init = new Random(seed);
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalStateException("no parameter named " + name);
        }
        return a;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(params);
    }

    public long count() {
        return params.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Uniform(-bound, bound) with bound = gain / sqrt(fanIn): PyTorch's default for conv and linear layers. */
    public NDArray uniform(String name, Shape shape, long fanIn, double gain) {
        double bound = gain / Math.sqrt(fanIn);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
        }
        return put(name, manager.create(v, shape));
    }

    public NDArray normal(String name, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (init.nextGaussian() * std);
        }
        return put(name, manager.create(v, shape));
    }

    public NDArray constant(String name, Shape shape, float value) {
        return put(name, manager.full(shape, value));
    }

    private NDArray put(String name, NDArray a) {
        if (params.containsKey(name)) {
            throw new IllegalStateException("duplicate parameter " + name);
        }
        a.setName(name);
        params.put(name, a);
        return a;
    }

    /**
     * Replaces every value with the loaded one. Names and shapes must match exactly: loading weights of another
     * configuration is reported rather than silently broadcast.
     */
    public void load(Map<String, NDArray> loaded, String prefix, String source) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray src = loaded.get(prefix + e.getKey());
            if (src == null) {
                throw new IllegalArgumentException(source + " has no tensor " + prefix + e.getKey());
            }
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException(source + ": tensor " + prefix + e.getKey() + " has shape " + src.getShape()
                        + " but the model expects " + e.getValue().getShape());
            }
            e.getValue().set(src.toFloatArray());
        }
    }

    public void copyFrom(ParameterSet other) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            e.getValue().set(other.get(e.getKey()).toFloatArray());
        }
    }

    /** Copies every parameter {@code other} has under the same name; returns the names it lacks (left as they were). */
    public Set<String> copyShared(ParameterSet other) {
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            if (other.params.containsKey(e.getKey())) {
                e.getValue().set(other.get(e.getKey()).toFloatArray());
            } else {
                missing.add(e.getKey());
            }
        }
        return missing;
    }

    public Map<String, NDArray> prefixed(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    public void requireGradients(boolean on) {
        params.values().forEach(a -> a.setRequiresGradient(on));
    }

    @Override
    public void close() {
        manager.close();
    }
}
