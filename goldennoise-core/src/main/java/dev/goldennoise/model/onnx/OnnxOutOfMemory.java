package dev.goldennoise.model.onnx;

/**
 * ONNX Runtime could not allocate what a run needed: bad input (a batch too large for the machine), not a bug, so the
 * command line reports it in one line naming {@code --batch}.
 */
public final class OnnxOutOfMemory extends RuntimeException {
    public OnnxOutOfMemory(String message, Throwable cause) {
        super(message, cause);
    }
}
