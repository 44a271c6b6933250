package dev.goldennoise.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.NoiseBatch;
import dev.goldennoise.noise.RedenoiseNoise;
import dev.goldennoise.noise.RedenoiseSettings;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.npnet.Npnet;
import dev.goldennoise.npnet.NpnetConfig;
import dev.goldennoise.tensor.Seeds;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Stable Diffusion 1.x export in the real layout, with tiny graphs of the real input and output names, run end to end. */
public class OnnxModelTest {
    private static final int D = 8;
    private static final int VOCAB = 49408;

    /**
     * How an exporter writes the graphs' inputs, as seen in real exports: optimum ≥ 1.24 (int64 ids, a float scalar
     * timestep, dynamic height and width with the size in {@code unet/config.json}, the UNet's weights in
     * {@code model.onnx_data}); optimum before 1.24 (an int64 timestep of dynamic length, "steps"); and diffusers' older
     * converter (int32 ids, a float timestep per batch entry, static sizes, no per-model configs is up to the test).
     */
    public enum Layout {
        OPTIMUM(TinyOnnx.INT64, TinyOnnx.FLOAT, "", true, true),
        OPTIMUM_OLD(TinyOnnx.INT64, TinyOnnx.INT64, "steps", true, false),
        LEGACY_CONVERTER(TinyOnnx.INT32, TinyOnnx.FLOAT, "batch", false, false);

        final int ids;
        final int timestepType;
        final String timestepDims;
        final boolean dynamicSize;
        final boolean externalData;

        Layout(int ids, int timestepType, String timestepDims, boolean dynamicSize, boolean externalData) {
            this.ids = ids;
            this.timestepType = timestepType;
            this.timestepDims = timestepDims;
            this.dynamicSize = dynamicSize;
            this.externalData = externalData;
        }
    }

    public static Path export(Path dir, boolean fp16Unet, String sampleName) throws IOException {
        return export(dir, fp16Unet, sampleName, Layout.OPTIMUM);
    }

    public static Path export(Path dir, boolean fp16Unet, String sampleName, Layout layout) throws IOException {
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"StableDiffusionPipeline\", \"_diffusers_version\": \"0.21.0\"}");
        Path tok = Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(tok.resolve("vocab.json"), "{\"a</w>\": 320, \"photo</w>\": 1125, \"of</w>\": 539, \"cat</w>\": 2368, "
                + "\"<|startoftext|>\": 49406, \"<|endoftext|>\": 49407}");
        Files.writeString(tok.resolve("merges.txt"), "#version: 0.2\np h\nph o\npho t\nphot o</w>\no f</w>\nc a\nca t</w>\n");
        Path sched = Files.createDirectories(dir.resolve("scheduler"));
        Files.writeString(sched.resolve("scheduler_config.json"), SchedulerConfigTest.SD15);
        Files.createDirectories(dir.resolve("text_encoder"));
        Files.writeString(dir.resolve("text_encoder/config.json"), "{\"hidden_size\": " + D + "}");
        Files.createDirectories(dir.resolve("vae_decoder"));
        Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"scaling_factor\": 0.18215}");
        Files.createDirectories(dir.resolve("unet"));
        Files.writeString(dir.resolve("unet/config.json"), "{\"sample_size\": 8, \"in_channels\": 4}");

        String latent = layout.dynamicSize ? "batch_size,4,height,width" : "batch_size,4,8,8";
        float[] table = Seeds.gaussian(3, VOCAB * D);
        new TinyOnnx().input("input_ids", layout.ids, "batch_size,sequence_length")
                .output("last_hidden_state", TinyOnnx.FLOAT, "batch_size,sequence_length," + D).output("pooler_output", TinyOnnx.FLOAT, "batch_size," + D)
                .floats("table", table, VOCAB, D)
                .node("Gather", List.of("table", "input_ids"), List.of("last_hidden_state"))
                .node("ReduceMean", List.of("last_hidden_state"), List.of("pooler_output"), "axes=[1]", "keepdims=0")
                .write(dir.resolve("text_encoder/model.onnx"));

        int sampleType = fp16Unet ? TinyOnnx.FLOAT16 : TinyOnnx.FLOAT;
        TinyOnnx unet = new TinyOnnx().input(sampleName, sampleType, latent).input("timestep", layout.timestepType, layout.timestepDims)
                .input("encoder_hidden_states", sampleType, "batch_size,sequence_length," + D).output("out_sample", sampleType, latent)
                .floats("milli", new float[] {0.001f}, 1).longs("shape4", new long[] {-1, 1, 1, 1}, 4);
        if (layout.externalData) {
            unet.externalFloats("half", "model.onnx_data", new float[] {0.5f}, 1);
        } else {
            unet.floats("half", new float[] {0.5f}, 1);
        }
        String x = sampleName;
        String ehs = "encoder_hidden_states";
        if (fp16Unet) {
            unet.node("Cast", List.of(sampleName), List.of("x32"), "to=1").node("Cast", List.of(ehs), List.of("e32"), "to=1");
            x = "x32";
            ehs = "e32";
        }
        // a timestep of several entries (one per batch entry or per step) is read at its first
        String t = "timestep";
        if (!layout.timestepDims.isEmpty()) {
            unet.longs("first", new long[] {0}, 1).node("Gather", List.of("timestep", "first"), List.of("t0"), "axis=0");
            t = "t0";
        }
        unet.node("Mul", List.of(x, "half"), List.of("a"))
                .node("ReduceMean", List.of(ehs), List.of("m"), "axes=[1,2]", "keepdims=1")
                .node("Reshape", List.of("m", "shape4"), List.of("m4"))
                .node("Add", List.of("a", "m4"), List.of("b"))
                .node("Cast", List.of(t), List.of("tf"), "to=1")
                .node("Mul", List.of("tf", "milli"), List.of("tk"))
                .node("Add", List.of("b", "tk"), List.of(fp16Unet ? "o32" : "out_sample"));
        if (fp16Unet) {
            unet.node("Cast", List.of("o32"), List.of("out_sample"), "to=10");
        }
        unet.write(dir.resolve("unet/model.onnx"));

        new TinyOnnx().input("latent_sample", TinyOnnx.FLOAT, layout.dynamicSize ? "batch_size,4,latent_height,latent_width" : "batch_size,4,8,8")
                .output("sample", TinyOnnx.FLOAT, layout.dynamicSize ? "batch_size,3,height,width" : "batch_size,3,64,64")
                .floats("w", Seeds.gaussian(5, 12), 3, 4, 1, 1).floats("scales", new float[] {1, 1, 8, 8}, 4)
                .node("Conv", List.of("latent_sample", "w"), List.of("c"))
                .node("Resize", List.of("c", "", "scales"), List.of("r"))
                .node("Tanh", List.of("r"), List.of("sample"))
                .write(dir.resolve("vae_decoder/model.onnx"));
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void anSd1ExportRunsTextEncoderDenoiserDecoderSamplingRedenoiseAndNpnet(Layout layout, @TempDir Path dir) throws IOException {
        try (OnnxModel onnx = OnnxModel.load(export(dir, false, "sample", layout), "cpu"); NDManager m = NDManager.newBaseManager()) {
            assertEquals(OnnxModel.Family.SD1, onnx.family());
            DiffusionModel model = onnx.model();
            assertEquals(new ai.djl.ndarray.types.Shape(4, 8, 8), model.latentShape());
            assertEquals(D, model.textEncoder().width());

            PromptEmbedding e = model.textEncoder().encode(List.of("a photo of a cat", ""), m);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 77, D), e.tokens().getShape());
            NDArray x = Seeds.noise(m, List.of(1L, 2L), model.latentShape());
            NDArray eps = model.denoiser().predictNoise(x, 901, e);
            // the tiny UNet computes 0.5·x + mean(text states) + 0.001·t
            NDArray expected = x.mul(0.5).add(e.tokens().mean(new int[] {2}).mean(new int[] {1}).reshape(2, 1, 1, 1)).add(0.901);
            assertEquals(0, eps.sub(expected).abs().max().getFloat(), 1e-4);

            List<String> prompts = List.of("a cat", "a photo of a cat");
            List<RgbImage> images = new ImagePipeline(model, 3, 3.0, 2)
                    .generate(List.of(new ImagePipeline.Job(prompts.get(0), 1), new ImagePipeline.Job(prompts.get(1), 2)), new StandardNoise(), m, n -> { });
            assertEquals(2, images.size());
            assertEquals(64, images.get(0).width());

            NoiseBatch batch = new NoiseBatch(prompts, List.of(1L, 2L), model.textEncoder().encode(prompts, m),
                    model.textEncoder().encode(List.of("", ""), m));
            NDArray golden = new RedenoiseNoise(RedenoiseSettings.defaults()).apply(x, batch, model);
            assertEquals(x.getShape(), golden.getShape());
            assertTrue(golden.sub(x).abs().max().getFloat() > 1e-4);
            try (Npnet net = new Npnet(NpnetConfig.tiny(4, 8, 8, 77, D), m, 1)) {
                assertEquals(x.getShape(), net.forward(x, batch.cond().tokens()).getShape());
            }
        }
    }

    @Test
    void aDynamicallySizedExportTakesItsSizeFromTheUnetConfig(@TempDir Path dir) throws IOException {
        Path e = export(dir, false, "sample", Layout.OPTIMUM);
        Files.writeString(e.resolve("unet/config.json"), "{\"sample_size\": 12, \"in_channels\": 4}");
        try (OnnxModel onnx = OnnxModel.load(e, "cpu"); NDManager m = NDManager.newBaseManager()) {
            assertEquals(new ai.djl.ndarray.types.Shape(4, 12, 12), onnx.model().latentShape());
            List<RgbImage> images = new ImagePipeline(onnx.model(), 2, 3.0, 1)
                    .generate(List.of(new ImagePipeline.Job("a cat", 1)), new StandardNoise(), m, n -> { });
            assertEquals(96, images.get(0).width(), "the decoder's dynamic output follows the latent: 8 pixels a latent cell");
        }
        Files.delete(e.resolve("unet/model.onnx_data"));
        IOException noWeights = assertThrows(IOException.class, () -> OnnxModel.load(e, "cpu"));
        assertTrue(noWeights.getMessage().contains("unet"), noWeights.getMessage());
    }

    @Test
    void aFloat16UnetGivesTheFloat32Answer(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("fp32"));
        Path b = Files.createDirectories(dir.resolve("fp16"));
        try (OnnxModel f32 = OnnxModel.load(export(a, false, "sample"), "cpu"); OnnxModel f16 = OnnxModel.load(export(b, true, "sample"), "cpu");
             NDManager m = NDManager.newBaseManager()) {
            NDArray x = Seeds.noise(m, List.of(4L), f32.model().latentShape());
            PromptEmbedding e = f32.model().textEncoder().encode(List.of("a cat"), m);
            NDArray p32 = f32.model().denoiser().predictNoise(x, 501, e);
            NDArray p16 = f16.model().denoiser().predictNoise(x, 501, e);
            assertEquals(0, p32.sub(p16).abs().max().getFloat(), 1e-2);
        }
    }

    @Test
    void anExportOfTheOlderConverterWithoutPerModelConfigsLoads(@TempDir Path dir) throws IOException {
        Path old = export(dir, false, "sample", Layout.LEGACY_CONVERTER);
        Files.delete(old.resolve("unet/config.json"));
        Files.delete(old.resolve("text_encoder/config.json"));
        Files.delete(old.resolve("vae_decoder/config.json"));
        try (OnnxModel onnx = OnnxModel.load(old, "cpu"); NDManager m = NDManager.newBaseManager()) {
            // the width comes from the graph's last_hidden_state: D, not SD 2.x's 1024
            assertEquals(OnnxModel.Family.SD1, onnx.family());
            assertEquals(D, onnx.model().textEncoder().encode(List.of("a photo of a cat"), m).tokens().getShape().get(2));
        }
    }

    @Test
    void everyOptimisationLevelLoadsAndGivesTheSameAnswer(@TempDir Path dir) throws IOException {
        Path folder = export(dir, false, "sample");
        float[] reference = null;
        for (String level : OrtSettings.OPTIMIZATION_LEVELS) {
            try (OnnxModel onnx = OnnxModel.load(folder, OrtSettings.of("cpu").withOptimization(level)); NDManager m = NDManager.newBaseManager()) {
                float[] tokens = onnx.model().textEncoder().encode(List.of("a photo of a cat"), m).tokens().toFloatArray();
                if (reference == null) {
                    reference = tokens;
                }
                assertArrayEquals(reference, tokens, 1e-6f, level);
            }
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new OrtSettings("cpu", "max", 0));
        assertTrue(unknown.getMessage().contains("'max'") && unknown.getMessage().contains("basic"), unknown.getMessage());
        assertEquals(1, unknown.getMessage().lines().count());
    }

    @Test
    void badFoldersAreOneLineErrorsNamingTheFileAndTheLayout(@TempDir Path dir) throws IOException {
        assertFalse(OnnxModel.isExport(dir));
        IOException notExport = assertThrows(IOException.class, () -> OnnxModel.load(dir, "cpu"));
        assertTrue(notExport.getMessage().contains("model_index.json"), notExport.getMessage());

        Path wrong = export(Files.createDirectories(dir.resolve("wrong")), false, "x");
        IOException wrongName = assertThrows(IOException.class, () -> OnnxModel.load(wrong, "cpu"));
        assertTrue(wrongName.getMessage().contains("unet") && wrongName.getMessage().contains("'sample'"), wrongName.getMessage());

        Path missing = export(Files.createDirectories(dir.resolve("missing")), false, "sample");
        Files.delete(missing.resolve("vae_decoder/model.onnx"));
        IOException gone = assertThrows(IOException.class, () -> OnnxModel.load(missing, "cpu"));
        assertTrue(gone.getMessage().contains("vae_decoder"), gone.getMessage());

        Path xl = export(Files.createDirectories(dir.resolve("xl")), false, "sample");
        Files.createDirectories(xl.resolve("text_encoder_2"));
        IOException sdxl = assertThrows(IOException.class, () -> OnnxModel.load(xl, "cpu"));
        assertTrue(sdxl.getMessage().contains("SDXL") && sdxl.getMessage().contains("tokenizer_2"), sdxl.getMessage());
        for (IOException e : List.of(notExport, wrongName, gone, sdxl)) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
