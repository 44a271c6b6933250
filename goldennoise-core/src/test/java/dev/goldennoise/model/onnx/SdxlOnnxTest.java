package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An SDXL export in the real layout (two text encoders with hidden-state outputs, text_embeds and time_ids). */
class SdxlOnnxTest {
    private static final int VOCAB = 49408;
    private static final int W1 = 4;
    private static final int W2 = 6;

    private static void encoder(Path file, float[] table, int width, boolean projected) throws IOException {
        TinyOnnx g = new TinyOnnx().input("input_ids", TinyOnnx.INT32, -1, 77)
                .floats("table", table, VOCAB, width).floats("two", new float[] {2}, 1).floats("three", new float[] {3}, 1)
                .node("Gather", List.of("table", "input_ids"), List.of("hidden_states.0"))
                .node("Mul", List.of("hidden_states.0", "two"), List.of("hidden_states.1"))
                .node("Mul", List.of("hidden_states.0", "three"), List.of("hidden_states.2"))
                .output("hidden_states.0", TinyOnnx.FLOAT, -1, 77, width).output("hidden_states.1", TinyOnnx.FLOAT, -1, 77, width)
                .output("hidden_states.2", TinyOnnx.FLOAT, -1, 77, width);
        if (projected) {
            g.node("ReduceMean", List.of("hidden_states.2"), List.of("text_embeds"), "axes=[1]", "keepdims=0")
                    .output("text_embeds", TinyOnnx.FLOAT, -1, width);
        }
        g.write(file);
    }

    static Path export(Path dir) throws IOException {
        OnnxModelTest.export(dir, false, "sample"); // tokenizer, scheduler, vae_decoder; text encoder and unet replaced below
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionXLPipeline\"}");
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), SchedulerConfigTest.SDXL);
        Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"scaling_factor\": 0.13025}");
        Path tok2 = Files.createDirectories(dir.resolve("tokenizer_2"));
        for (String f : List.of("vocab.json", "merges.txt")) {
            Files.copy(dir.resolve("tokenizer").resolve(f), tok2.resolve(f));
        }
        Files.writeString(tok2.resolve("special_tokens_map.json"), "{\"pad_token\": \"<|endoftext|>\"}");
        encoder(dir.resolve("text_encoder/model.onnx"), Seeds.gaussian(11, VOCAB * W1), W1, false);
        encoder(Files.createDirectories(dir.resolve("text_encoder_2")).resolve("model.onnx"), Seeds.gaussian(12, VOCAB * W2), W2, true);
        new TinyOnnx().input("sample", TinyOnnx.FLOAT, -1, 4, 8, 8).input("timestep", TinyOnnx.INT64, 1)
                .input("encoder_hidden_states", TinyOnnx.FLOAT, -1, 77, W1 + W2).input("text_embeds", TinyOnnx.FLOAT, -1, W2)
                .input("time_ids", TinyOnnx.FLOAT, -1, 6).output("out_sample", TinyOnnx.FLOAT, -1, 4, 8, 8)
                .floats("half", new float[] {0.5f}, 1).floats("tiny", new float[] {0.001f}, 1).longs("shape4", new long[] {-1, 1, 1, 1}, 4)
                .node("Mul", List.of("sample", "half"), List.of("a"))
                .node("ReduceMean", List.of("encoder_hidden_states"), List.of("m"), "axes=[1,2]", "keepdims=1")
                .node("Reshape", List.of("m", "shape4"), List.of("m4"))
                .node("ReduceMean", List.of("text_embeds"), List.of("p"), "axes=[1]", "keepdims=1")
                .node("Reshape", List.of("p", "shape4"), List.of("p4"))
                .node("ReduceMean", List.of("time_ids"), List.of("q"), "axes=[1]", "keepdims=1")
                .node("Mul", List.of("q", "tiny"), List.of("qs"))
                .node("Reshape", List.of("qs", "shape4"), List.of("q4"))
                .node("Add", List.of("a", "m4"), List.of("b"))
                .node("Add", List.of("b", "p4"), List.of("c"))
                .node("Add", List.of("c", "q4"), List.of("out_sample"))
                .write(dir.resolve("unet/model.onnx"));
        return dir;
    }

    @Test
    void sdxlConcatenatesPenultimateStatesFeedsPooledAndTimeIdsAndSamples(@TempDir Path dir) throws IOException {
        try (OnnxModel onnx = OnnxModel.load(export(dir), "cpu"); NDManager m = NDManager.newBaseManager()) {
            assertEquals(OnnxModel.Family.SDXL, onnx.family());
            DiffusionModel model = onnx.model();
            assertEquals(W1 + W2, model.textEncoder().width());
            PromptEmbedding e = model.textEncoder().encode(List.of("a photo of a cat", ""), m);
            float[] table1 = Seeds.gaussian(11, VOCAB * W1);
            float[] table2 = Seeds.gaussian(12, VOCAB * W2);
            // token 1 of "a photo of a cat" is "a</w>" = 320; penultimate = 2 × embedding
            float[] row = e.tokens().get("0, 1").toFloatArray();
            assertEquals(2 * table1[320 * W1], row[0], 1e-5);
            assertEquals(2 * table2[320 * W2 + 5], row[W1 + 5], 1e-5);
            assertEquals(0, e.tokens().get("1").abs().max().getFloat(), 0, "the empty prompt is zeros");
            assertEquals(0, e.pooled().get("1").abs().max().getFloat(), 0);

            NDArray x = Seeds.noise(m, List.of(1L, 2L), model.latentShape());
            NDArray eps = model.denoiser().predictNoise(x, 901, e);
            // time_ids are [64, 64, 0, 0, 64, 64] for an 8×8 latent: mean 128/3
            NDArray expected = x.mul(0.5).add(e.tokens().mean(new int[] {2}).mean(new int[] {1}).reshape(2, 1, 1, 1))
                    .add(e.pooled().mean(new int[] {1}).reshape(2, 1, 1, 1)).add(0.001 * 256 / 6.0);
            assertEquals(0, eps.sub(expected).abs().max().getFloat(), 1e-4);
            assertEquals(2, new ImagePipeline(model, 2, 5.0, 2).generate(List.of(new ImagePipeline.Job("a cat", 1),
                    new ImagePipeline.Job("a photo of a cat", 2)), new StandardNoise(), m, n -> { }).size());
        }
    }
}
