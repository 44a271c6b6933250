package dev.goldennoise.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One ONNX sub-model of an export (text encoder, UNet, VAE decoder) in an ONNX Runtime session, with its input and
 * output names checked against what the diffusers export writes, so a wrong file fails at load with the expected
 * layout named rather than at the first call.
 */
public final class OnnxSession implements AutoCloseable {
    private final Path file;
    private final OrtSession session;

    private OnnxSession(Path file, OrtSession session) {
        this.file = file;
        this.session = session;
    }

    /** How a session is made from a file at an optimisation level; tests stand in for ONNX Runtime here. */
    interface Factory {
        OrtSession create(Path file, OrtSettings settings) throws OrtException, IOException;
    }

    public static OnnxSession open(Path file, String device, Set<String> inputs, Set<String> outputs) throws IOException {
        OrtSettings settings;
        try {
            settings = OrtSettings.of(device);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return open(file, settings, inputs, outputs);
    }

    public static OnnxSession open(Path file, OrtSettings settings, Set<String> inputs, Set<String> outputs) throws IOException {
        return open(file, settings, inputs, outputs, OnnxSession::create, System.err::println);
    }

    static OnnxSession open(Path file, OrtSettings settings, Set<String> inputs, Set<String> outputs, Factory factory,
                            Consumer<String> warnings) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("missing " + file + "; an exported Stable Diffusion folder (optimum-cli export onnx) has "
                    + "text_encoder/, unet/ and vae_decoder/, each with a model.onnx, and an external scorer names its ONNX files in scorer.json");
        }
        OrtSession session;
        try {
            session = factory.create(file, settings);
        } catch (OrtException e) {
            String msg = firstLine(e);
            if (msg.contains("Could not find an implementation")) {
                throw new IOException("cannot run " + file + " on the " + settings.device() + " provider: it uses operators that provider has no "
                        + "implementation for (often float16 on cpu); use an fp32 export, or --device cuda with the onnx-gpu build", e);
            }
            if (!settings.optimization().equals(OrtSettings.DEFAULT_LEVEL)) {
                throw new IOException("cannot load " + file + " with ONNX Runtime at optimisation level " + settings.optimization() + ": " + msg, e);
            }
            // a fusion of the highest level is what has been seen to break valid graphs; basic keeps constant folding
            try {
                session = factory.create(file, settings.withOptimization("basic"));
            } catch (OrtException again) {
                throw new IOException("cannot load " + file + " with ONNX Runtime: " + msg + " (and at optimisation level basic: "
                        + firstLine(again) + ")", e);
            }
            warnings.accept("warning: " + file + " failed to initialise at ONNX Runtime's optimisation level all (" + msg
                    + "); loaded it at basic (--ort-optimization basic skips the first try)");
        }
        OnnxSession s = new OnnxSession(file, session);
        s.require("input", session.getInputNames(), inputs);
        s.require("output", session.getOutputNames(), outputs);
        return s;
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private static OrtSession create(Path file, OrtSettings settings) throws OrtException, IOException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(switch (settings.optimization()) {
            case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        if (settings.threads() > 0) {
            options.setIntraOpNumThreads(settings.threads());
        }
        if (settings.device().equals("cuda")) {
            try {
                options.addCUDA(0);
            } catch (OrtException | UnsatisfiedLinkError e) {
                throw new IOException("ONNX Runtime's CUDA provider is not available (" + e.getMessage()
                        + "); build with the onnx-gpu Maven profile (mvn -P onnx-gpu package) on a machine with CUDA");
            }
        }
        return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
    }

    private void require(String kind, Set<String> have, Set<String> want) throws IOException {
        for (String name : want) {
            if (!have.contains(name)) {
                close();
                throw new IOException(file + " has no " + kind + " named '" + name + "' (it has " + have + "); expected the diffusers export's "
                        + kind + "s " + want);
            }
        }
    }

    /**
     * Runs the graph on a batch of {@code batch} entries; a failed allocation becomes {@link OnnxOutOfMemory} naming the
     * batch and {@code --batch}, any other failure an IllegalStateException naming the file.
     */
    public OrtSession.Result run(Map<String, ? extends ai.onnxruntime.OnnxTensorLike> inputs, Set<String> outputs, long batch) {
        try {
            return outputs.isEmpty() ? session.run(inputs) : session.run(inputs, outputs);
        } catch (OrtException e) {
            String msg = firstLine(e);
            if (isAllocationFailure(msg)) {
                throw new OnnxOutOfMemory("ONNX Runtime ran out of memory running " + file + " on " + batch + " inputs at once (" + msg
                        + "); use a smaller --batch (guidance doubles the inputs of each image)", e);
            }
            throw new IllegalStateException(file + ": " + msg, e);
        }
    }

    static boolean isAllocationFailure(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("failed to allocate") || m.contains("bad_alloc") || m.contains("out of memory");
    }

    public OrtSession session() {
        return session;
    }

    public Path file() {
        return file;
    }

    /** The declared shape of an input or output; dynamic dimensions are −1. */
    long[] shape(String name, boolean input) {
        try {
            Map<String, NodeInfo> infos = input ? session.getInputInfo() : session.getOutputInfo();
            return ((TensorInfo) infos.get(name).getInfo()).getShape();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    public ai.onnxruntime.OnnxJavaType type(String name) {
        try {
            return ((TensorInfo) session.getInputInfo().get(name).getInfo()).type;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session that failed to load is best effort
        }
    }
}
