package dev.goldennoise.io.torch;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow-list of a weights-only checkpoint: ordered dicts, the tensor and parameter rebuild functions and the
 * typed storage classes, each implemented here. Every other global is refused by name. Among those refused on
 * purpose: {@code torch.storage._load_from_bytes} (it runs torch.load on bytes inside the pickle) and any class
 * with state of its own.
 */
final class TorchGlobals implements PickleGlobals {
    private final String source;

    TorchGlobals(String source) {
        this.source = source;
    }

    @Override
    public Object resolve(String module, String name) throws IOException {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict":
                return (PickleCallable) TorchGlobals::orderedDict;
            case "torch._utils._rebuild_tensor":
            case "torch._utils._rebuild_tensor_v2":
                return (PickleCallable) this::rebuildTensor;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                // (data, requires_grad, backward_hooks[, state]): the weights are data; the rest is training state
                return (PickleCallable) args -> args.get(0);
            default:
                break;
        }
        if (module.equals("torch")) {
            TorchDtype dtype = TorchDtype.ofStorage(name);
            if (dtype != null) {
                return dtype;
            }
        }
        throw new UnsafePickleException(source + " asks for the Python global " + global + ", which a plain weights file"
                + " never needs; refused without running anything (only tensors, parameters and OrderedDicts are rebuilt)."
                + " Load it only if you trust it, and re-save the weights alone with torch.save(state_dict) or as safetensors");
    }

    private static Object orderedDict(List<Object> args) throws IOException {
        Map<Object, Object> d = new LinkedHashMap<>();
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (!(p instanceof List<?> kv) || kv.size() != 2) {
                    throw new IOException("OrderedDict built from " + p + ", which is not a (key, value) pair");
                }
                d.put(kv.get(0), kv.get(1));
            }
        } else if (!args.isEmpty()) {
            throw new IOException("OrderedDict called with " + args.size() + " arguments");
        }
        return d;
    }

    /** (storage, storage_offset, size, stride, …): requires_grad, hooks and metadata do not change the values. */
    private Object rebuildTensor(List<Object> args) throws IOException {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage) || !(args.get(1) instanceof Long offset)) {
            throw new IOException(source + " rebuilds a tensor from " + args + ", not (storage, offset, size, stride)");
        }
        return new TensorView(storage, offset, longs(args.get(2)), longs(args.get(3)));
    }

    private long[] longs(Object o) throws IOException {
        if (!(o instanceof List<?> items)) {
            throw new IOException(source + " gives a tensor size or stride " + o + " that is not a tuple");
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Long v)) {
                throw new IOException(source + " gives a tensor size or stride " + o + " that is not a tuple of ints");
            }
            out[i] = v;
        }
        return out;
    }
}
