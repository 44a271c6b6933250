package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.TextEncoder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * SDXL's two text encoders as the SDXL pipeline uses them: each one's penultimate hidden states (the export's
 * {@code hidden_states.N} outputs, N = layers − 1), concatenated along the width (77×768 + 77×1280 → 77×2048), and
 * the second encoder's projected {@code text_embeds} as the pooled vector. The empty prompt gives zeros, as the
 * pipeline's force_zeros_for_empty_prompt does for the unconditional branch.
 */
final class SdxlTextEncoder implements TextEncoder {
    private final Part first;
    private final Part second;

    /** One encoder with its tokenizer and the name of its penultimate hidden-state output. */
    record Part(OnnxSession session, ClipTokenizer tokenizer, String penultimate, int width) {
        static Part of(OnnxSession session, ClipTokenizer tokenizer) throws IOException {
            int last = -1;
            for (String name : session.session().getOutputNames()) {
                if (name.startsWith("hidden_states.")) {
                    last = Math.max(last, Integer.parseInt(name.substring("hidden_states.".length())));
                }
            }
            if (last < 1) {
                throw new IOException(session.file() + " has no hidden_states.N outputs; export SDXL's text encoders with their hidden states "
                        + "(optimum-cli export onnx does)");
            }
            String name = "hidden_states." + (last - 1);
            long[] shape = session.shape(name, false);
            return new Part(session, tokenizer, name, (int) shape[shape.length - 1]);
        }
    }

    SdxlTextEncoder(Part first, Part second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public PromptEmbedding encode(List<String> prompts, NDManager manager) {
        int b = prompts.size();
        float[] a = run(first, prompts, java.util.Set.of(first.penultimate())).get(first.penultimate());
        Map<String, float[]> two = run(second, prompts, java.util.Set.of(second.penultimate(), "text_embeds"));
        float[] c = two.get(second.penultimate());
        float[] pooled = two.get("text_embeds");
        int t = ClipTokenizer.CONTEXT;
        int w1 = first.width();
        int w2 = second.width();
        int p = pooled.length / b;
        float[] tokens = new float[b * t * (w1 + w2)];
        for (int i = 0; i < b; i++) {
            if (prompts.get(i).isEmpty()) {
                java.util.Arrays.fill(pooled, i * p, (i + 1) * p, 0f);
                continue; // zeros: the unconditional embedding of SDXL
            }
            for (int j = 0; j < t; j++) {
                System.arraycopy(a, (i * t + j) * w1, tokens, (i * t + j) * (w1 + w2), w1);
                System.arraycopy(c, (i * t + j) * w2, tokens, (i * t + j) * (w1 + w2) + w1, w2);
            }
        }
        return new PromptEmbedding(manager.create(tokens, new Shape(b, t, w1 + w2)), manager.create(pooled, new Shape(b, p)));
    }

    private static Map<String, float[]> run(Part part, List<String> prompts, java.util.Set<String> outputs) {
        int b = prompts.size();
        float[] ids = part.tokenizer().encodeBatch(prompts);
        OnnxSession s = part.session();
        try (OnnxTensor in = OnnxTensors.of(ids, new long[] {b, ClipTokenizer.CONTEXT}, s.type("input_ids"));
             OrtSession.Result out = s.run(Map.of("input_ids", in), outputs, b)) {
            Map<String, float[]> got = new java.util.HashMap<>();
            for (String o : outputs) {
                got.put(o, OnnxTensors.floats((OnnxTensor) out.get(o).orElseThrow()));
            }
            return got;
        } catch (OrtException e) {
            throw new IllegalStateException(s.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int tokens() {
        return ClipTokenizer.CONTEXT;
    }

    @Override
    public int width() {
        return first.width() + second.width();
    }
}
