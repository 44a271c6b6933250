package dev.goldennoise.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tiny external-scorer folders for tests in other packages (TinyOnnx itself stays package-private). */
public final class TinyOnnxAccess {
    private TinyOnnxAccess() {}

    /**
     * An image tower that mean-pools the normalised pixels per channel, a text tower whose "cat" token points along
     * (1, 0, 0), optionally an aesthetic head that reads the first embedding component; with scorer.json.
     */
    public static void clipScorerFolder(Path dir, boolean aesthetic) throws IOException {
        new TinyOnnx().input("pixel_values", TinyOnnx.FLOAT, -1, 3, 224, 224).output("image_embeds", TinyOnnx.FLOAT, -1, 3)
                .node("ReduceMean", List.of("pixel_values"), List.of("image_embeds"), "axes=[2,3]", "keepdims=0")
                .write(dir.resolve("image.onnx"));
        float[] table = new float[49408 * 3];
        table[2368 * 3] = 1;
        new TinyOnnx().input("input_ids", TinyOnnx.INT64, -1, 77).output("text_embeds", TinyOnnx.FLOAT, -1, 3)
                .floats("table", table, 49408, 3)
                .node("Gather", List.of("table", "input_ids"), List.of("t"))
                .node("ReduceMean", List.of("t"), List.of("text_embeds"), "axes=[1]", "keepdims=0")
                .write(dir.resolve("text.onnx"));
        Path tok = Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(tok.resolve("vocab.json"), "{\"a</w>\": 320, \"cat</w>\": 2368, \"<|startoftext|>\": 49406, \"<|endoftext|>\": 49407}");
        Files.writeString(tok.resolve("merges.txt"), "#version: 0.2\nc a\nca t</w>\n");
        String head = "null";
        if (aesthetic) {
            new TinyOnnx().input("embeds", TinyOnnx.FLOAT, -1, 3).output("score", TinyOnnx.FLOAT, -1, 1)
                    .floats("w", new float[] {1, 0, 0}, 3, 1)
                    .node("MatMul", List.of("embeds", "w"), List.of("score"))
                    .write(dir.resolve("head.onnx"));
            head = "\"head.onnx\"";
        }
        Files.writeString(dir.resolve("scorer.json"), "{\"name\": \"tiny-clip\", \"image_model\": \"image.onnx\", \"text_model\": \"text.onnx\", "
                + "\"tokenizer\": \"tokenizer\", \"logit_scale\": 100.0, \"aesthetic_head\": " + head + "}");
    }

    /**
     * optimum's CLIPModel layout: one model.onnx taking input_ids, attention_mask and pixel_values. The image embedding
     * mean-pools the normalised pixels per channel; the text embedding averages token vectors under the attention mask
     * ("cat" along x, the end token along y, so padding counted as text would tilt it to y); logits_per_image is 50 ·
     * the cosine. The tokenizer files sit in the folder itself. {@code logits} false leaves that output out.
     */
    public static void clipJointFolder(Path dir, boolean logits) throws IOException {
        float[] table = new float[49408 * 3];
        table[2368 * 3] = 1;
        table[49407 * 3 + 1] = 1;
        TinyOnnx g = new TinyOnnx().input("input_ids", TinyOnnx.INT64, "batch_size,sequence_length")
                .input("pixel_values", TinyOnnx.FLOAT, "image_batch_size,3,224,224")
                .input("attention_mask", TinyOnnx.INT64, "batch_size,sequence_length")
                .output("text_embeds", TinyOnnx.FLOAT, "batch_size,3").output("image_embeds", TinyOnnx.FLOAT, "image_batch_size,3")
                .floats("table", table, 49408, 3).longs("last", new long[] {2}, 1).floats("scale", new float[] {50}, 1)
                .node("Gather", List.of("table", "input_ids"), List.of("t"))
                .node("Cast", List.of("attention_mask"), List.of("mf"), "to=1")
                .node("Unsqueeze", List.of("mf", "last"), List.of("m3"))
                .node("Mul", List.of("t", "m3"), List.of("tm"))
                .node("ReduceMean", List.of("tm"), List.of("text_embeds"), "axes=[1]", "keepdims=0")
                .node("ReduceMean", List.of("pixel_values"), List.of("image_embeds"), "axes=[2,3]", "keepdims=0");
        if (logits) {
            g.output("logits_per_image", TinyOnnx.FLOAT, "image_batch_size,batch_size")
                    .node("LpNormalization", List.of("image_embeds"), List.of("in"), "axis=-1", "p=2")
                    .node("LpNormalization", List.of("text_embeds"), List.of("tn"), "axis=-1", "p=2")
                    .node("Transpose", List.of("tn"), List.of("tt"), "perm=[1,0]")
                    .node("MatMul", List.of("in", "tt"), List.of("cos"))
                    .node("Mul", List.of("cos", "scale"), List.of("logits_per_image"));
        }
        g.write(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("vocab.json"), "{\"a</w>\": 320, \"cat</w>\": 2368, \"<|startoftext|>\": 49406, \"<|endoftext|>\": 49407}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nc a\nca t</w>\n");
    }
}
