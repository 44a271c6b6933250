package dev.goldennoise.model.onnx;

import dev.goldennoise.io.JsonFiles;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goldennoise.diffusion.DiffusionModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Stable Diffusion pipeline exported to ONNX by diffusers/optimum ({@code optimum-cli export onnx}), loaded from
 * its folder as a {@link DiffusionModel}: the rest of goldennoise (strategies, sampler, collection, evaluation) runs
 * on it unchanged. Loading (this class) is kept apart from the networks' I/O (the three Onnx* parts), as DJL keeps
 * Criteria apart from Translators.
 *
 * <p>SD 1.x, 2.x and SDXL (two text encoders, pooled {@code text_embeds} and {@code time_ids} for the UNet).
 */
public final class OnnxModel implements AutoCloseable {
    public enum Family { SD1, SD2, SDXL }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<OnnxSession> sessions;
    private final DiffusionModel model;
    private final Family family;
    private final SchedulerConfig scheduler;

    private OnnxModel(List<OnnxSession> sessions, DiffusionModel model, Family family, SchedulerConfig scheduler) {
        this.sessions = sessions;
        this.model = model;
        this.family = family;
        this.scheduler = scheduler;
    }

    /** Whether the folder looks like a diffusers export (it has model_index.json). */
    public static boolean isExport(Path folder) {
        return Files.isRegularFile(folder.resolve("model_index.json"));
    }

    /** Whether the export is SDXL: its model_index.json says so, or it has a second text encoder. */
    private static boolean isXl(Path folder) throws IOException {
        String cls = JsonFiles.read(folder.resolve("model_index.json")).path("_class_name").asText("");
        return cls.contains("XL") || Files.isDirectory(folder.resolve("text_encoder_2"));
    }

    /**
     * The text encoder's width, which is all SD 1.x and 2.x differ by here: the graph's declared last_hidden_state
     * width, or where that is dynamic, text_encoder/config.json's (diffusers' older ONNX converter wrote no per-model
     * config.json, and its graphs declare the width).
     */
    private static int textWidth(Path folder, OnnxSession text) throws IOException {
        long[] hidden = text.shape("last_hidden_state", false);
        if (hidden.length == 3 && hidden[2] > 0) {
            return (int) hidden[2];
        }
        Path config = folder.resolve("text_encoder").resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IOException(text.file() + " declares no width for last_hidden_state and there is no text_encoder/config.json;"
                    + " add one with \"hidden_size\" (768 for SD 1.x, 1024 for SD 2.x)");
        }
        return JsonFiles.read(config).path("hidden_size").asInt(768);
    }

    private static void requireExport(Path folder) throws IOException {
        if (!isExport(folder)) {
            throw new IOException(folder + " is not an exported diffusers pipeline: it has no model_index.json (expected model_index.json, "
                    + "text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/ as written by optimum-cli export onnx)");
        }
    }

    /** @param device {@code cpu}, or {@code cuda} with the onnx-gpu build; ONNX Runtime's other settings its defaults */
    public static OnnxModel load(Path folder, String device) throws IOException {
        return load(folder, OrtSettings.of(device));
    }

    public static OnnxModel load(Path folder, OrtSettings ort) throws IOException {
        requireExport(folder);
        for (String sub : List.of("text_encoder", "unet", "vae_decoder", "tokenizer", "scheduler")) {
            if (!Files.isDirectory(folder.resolve(sub))) {
                throw new IOException(folder + " has no " + sub + "/; an exported Stable Diffusion folder has text_encoder/, unet/, "
                        + "vae_decoder/, tokenizer/ and scheduler/");
            }
        }
        boolean xl = isXl(folder);
        if (xl) {
            for (String sub : List.of("text_encoder_2", "tokenizer_2")) {
                if (!Files.isDirectory(folder.resolve(sub))) {
                    throw new IOException(folder + " is an SDXL export without " + sub + "/; an SDXL export has text_encoder/, text_encoder_2/, "
                            + "tokenizer/, tokenizer_2/, unet/, vae_decoder/ and scheduler/");
                }
            }
        }
        SchedulerConfig scheduler = SchedulerConfig.read(folder.resolve("scheduler").resolve("scheduler_config.json"));
        ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve("tokenizer"));
        List<OnnxSession> sessions = new ArrayList<>();
        try {
            OnnxSession text = open(sessions, folder.resolve("text_encoder/model.onnx"), ort, OnnxTextEncoder.INPUTS,
                    xl ? java.util.Set.of() : OnnxTextEncoder.OUTPUTS);
            int textWidth = xl ? 0 : textWidth(folder, text);
            Family family = xl ? Family.SDXL : textWidth == 1024 ? Family.SD2 : Family.SD1;
            java.util.Set<String> unetInputs = new java.util.HashSet<>(OnnxDenoiser.INPUTS);
            if (xl) {
                unetInputs.addAll(List.of("text_embeds", "time_ids"));
            }
            OnnxSession unet = open(sessions, folder.resolve("unet/model.onnx"), ort, unetInputs, OnnxDenoiser.OUTPUTS);
            OnnxSession vae = open(sessions, folder.resolve("vae_decoder/model.onnx"), ort, OnnxDecoder.INPUTS, OnnxDecoder.OUTPUTS);
            long[] sample = unet.shape("sample", true);
            Shape latent;
            if (sample.length == 4 && sample[1] > 0 && sample[2] > 0 && sample[3] > 0) {
                latent = new Shape(sample[1], sample[2], sample[3]);
            } else {
                int size = config(folder, "unet").path("sample_size").asInt(xl ? 128 : family == Family.SD2 ? 96 : 64);
                latent = new Shape(4, size, size);
            }
            dev.goldennoise.diffusion.TextEncoder encoder;
            float[] timeIds = null;
            if (xl) {
                OnnxSession text2 = open(sessions, folder.resolve("text_encoder_2/model.onnx"), ort, OnnxTextEncoder.INPUTS,
                        java.util.Set.of("text_embeds"));
                encoder = new SdxlTextEncoder(SdxlTextEncoder.Part.of(text, tokenizer),
                        SdxlTextEncoder.Part.of(text2, ClipTokenizer.load(folder.resolve("tokenizer_2"))));
                float h = latent.get(1) * 8;
                float w = latent.get(2) * 8;
                timeIds = new float[] {h, w, 0, 0, h, w};
            } else {
                encoder = new OnnxTextEncoder(text, tokenizer, textWidth);
            }
            double scaling = config(folder, "vae_decoder").path("scaling_factor").asDouble(xl ? 0.13025 : 0.18215);
            DiffusionModel model = new DiffusionModel("onnx:" + folder.getFileName(), encoder,
                    new OnnxDenoiser(unet, scheduler.prediction(), scheduler.schedule(), timeIds), new OnnxDecoder(vae, scaling), latent,
                    scheduler.settings(), false);
            return new OnnxModel(sessions, model, family, scheduler);
        } catch (IOException | RuntimeException e) {
            sessions.forEach(OnnxSession::close);
            throw e;
        }
    }

    private static OnnxSession open(List<OnnxSession> sessions, Path file, OrtSettings ort, java.util.Set<String> in,
                                    java.util.Set<String> out) throws IOException {
        OnnxSession s = OnnxSession.open(file, ort, in, out);
        sessions.add(s);
        return s;
    }

    private static JsonNode config(Path folder, String sub) throws IOException {
        Path f = folder.resolve(sub).resolve("config.json");
        return Files.isRegularFile(f) ? JsonFiles.read(f) : JSON.createObjectNode();
    }

    public DiffusionModel model() {
        return model;
    }

    public Family family() {
        return family;
    }

    public SchedulerConfig scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        sessions.forEach(OnnxSession::close);
    }
}
