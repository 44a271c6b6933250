package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.TextEncoder;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exported CLIP text encoder ({@code input_ids} → {@code last_hidden_state}, {@code pooler_output}) with its
 * tokenizer: the token-level states the SD 1.x/2.x pipelines give the UNet, and the pooled vector.
 */
final class OnnxTextEncoder implements TextEncoder {
    static final Set<String> INPUTS = Set.of("input_ids");
    static final Set<String> OUTPUTS = Set.of("last_hidden_state", "pooler_output");

    private final OnnxSession session;
    private final ClipTokenizer tokenizer;
    private final int width;

    OnnxTextEncoder(OnnxSession session, ClipTokenizer tokenizer, int width) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.width = width;
    }

    @Override
    public PromptEmbedding encode(List<String> prompts, NDManager manager) {
        int b = prompts.size();
        float[] ids = tokenizer.encodeBatch(prompts);
        try (OnnxTensor input = OnnxTensors.of(ids, new long[] {b, ClipTokenizer.CONTEXT}, session.type("input_ids"));
             OrtSession.Result out = session.run(Map.of("input_ids", input), java.util.Set.of(), b)) {
            float[] tokens = OnnxTensors.floats((OnnxTensor) out.get("last_hidden_state").orElseThrow());
            float[] pooled = OnnxTensors.floats((OnnxTensor) out.get("pooler_output").orElseThrow());
            return new PromptEmbedding(manager.create(tokens, new Shape(b, ClipTokenizer.CONTEXT, width)),
                    manager.create(pooled, new Shape(b, pooled.length / b)));
        } catch (OrtException e) {
            throw new IllegalStateException(session.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int tokens() {
        return ClipTokenizer.CONTEXT;
    }

    @Override
    public int width() {
        return width;
    }
}
