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
}
