package dev.goldennoise.score.external;

import dev.goldennoise.io.JsonFiles;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.goldennoise.model.onnx.ClipTokenizer;
import dev.goldennoise.model.onnx.OnnxSession;
import dev.goldennoise.model.onnx.OnnxTensors;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.RgbImage;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CLIP-style scorer from ONNX, in one of two layouts:
 * <ul>
 *   <li>separate image and text towers (how HPSv2 and CLIPScore are often exported): score = logit scale ·
 *   cos(image embedding, text embedding); with an aesthetic head (an MLP over the image embedding, as the LAION
 *   predictor), the score is the head's output instead and the prompt is not used;</li>
 *   <li>one {@code model.onnx} CLIPModel, as optimum exports PickScore or a CLIP ViT (inputs {@code input_ids},
 *   {@code pixel_values} and usually {@code attention_mask}; outputs {@code logits_per_image} and the two
 *   embeddings): score = the diagonal of {@code logits_per_image}, which carries the model's own trained logit
 *   scale; a graph without that output scores logit scale · cos of its {@code image_embeds} and
 *   {@code text_embeds}. The tokenizer files sit in the folder itself (or {@code tokenizer/}) and
 *   {@code scorer.json} is optional.</li>
 * </ul>
 *
 * <p>The two-tower layout is configured by {@code scorer.json} in the scorer's folder:
 * <pre>{"name": "pickscore", "image_model": "image.onnx", "text_model": "text.onnx", "tokenizer": "tokenizer",
 *  "logit_scale": 100.0, "aesthetic_head": null}</pre>
 * The image tower takes {@code pixel_values} (B, 3, 224, 224) and gives {@code image_embeds}; the text tower takes
 * {@code input_ids} (B, 77) and gives {@code text_embeds}; a head takes {@code embeds} and gives {@code score}.
 * Images get CLIP's preprocessing: shortest side resized to 224 (bicubic), centre crop, normalised with CLIP's mean
 * and standard deviation.
 */
public final class OnnxClipScorer implements Scorer, AutoCloseable {
    public static final String CONFIG = "scorer.json";
    static final int SIZE = 224;
    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** The single graph of optimum's CLIPModel export. */
    public static final String JOINT_MODEL = "model.onnx";
    private static final String LOGITS = "logits_per_image";

    private final String name;
    private final OnnxSession image;
    private final OnnxSession text;
    private final OnnxSession head;
    /** optimum's CLIPModel: both towers in one graph (then image and text are null). */
    private final OnnxSession joint;
    private final ClipTokenizer tokenizer;
    private final double logitScale;

    private OnnxClipScorer(String name, OnnxSession image, OnnxSession text, OnnxSession head, OnnxSession joint, ClipTokenizer tokenizer,
                           double logitScale) {
        this.name = name;
        this.image = image;
        this.text = text;
        this.head = head;
        this.joint = joint;
        this.tokenizer = tokenizer;
        this.logitScale = logitScale;
    }

    /** Whether a folder holds a scorer in either layout (scorer.json, or optimum's single model.onnx). */
    public static boolean isScorerFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG)) || Files.isRegularFile(folder.resolve(JOINT_MODEL));
    }

    public static OnnxClipScorer load(Path folder, String device) throws IOException {
        Path cfgFile = folder.resolve(CONFIG);
        JsonNode c = Files.isRegularFile(cfgFile) ? JsonFiles.read(cfgFile) : null;
        if (c == null || (!c.hasNonNull("image_model") && c.hasNonNull("model"))) {
            if (c == null && !Files.isRegularFile(folder.resolve(JOINT_MODEL))) {
                throw new IOException("missing " + cfgFile + " and " + folder.resolve(JOINT_MODEL) + "; an external scorer folder holds scorer.json"
                        + " naming image_model, text_model and tokenizer, or optimum's CLIPModel export (model.onnx with its tokenizer files)");
            }
            return loadJoint(folder, c, device);
        }
        for (String key : List.of("name", "image_model")) {
            if (!c.hasNonNull(key)) {
                throw new IOException(cfgFile + " has no \"" + key + "\"");
            }
        }
        OnnxSession img = OnnxSession.open(folder.resolve(c.get("image_model").asText()), device, Set.of("pixel_values"), Set.of("image_embeds"));
        OnnxSession txt = null;
        OnnxSession hd = null;
        ClipTokenizer tok = null;
        try {
            if (c.hasNonNull("aesthetic_head")) {
                hd = OnnxSession.open(folder.resolve(c.get("aesthetic_head").asText()), device, Set.of("embeds"), Set.of("score"));
            } else {
                if (!c.hasNonNull("text_model") || !c.hasNonNull("tokenizer")) {
                    throw new IOException(cfgFile + " needs \"text_model\" and \"tokenizer\" (or an \"aesthetic_head\")");
                }
                txt = OnnxSession.open(folder.resolve(c.get("text_model").asText()), device, Set.of("input_ids"), Set.of("text_embeds"));
                tok = ClipTokenizer.load(folder.resolve(c.get("tokenizer").asText()));
            }
        } catch (IOException e) {
            img.close();
            if (txt != null) {
                txt.close();
            }
            throw e;
        }
        return new OnnxClipScorer(c.get("name").asText(), img, txt, hd, null, tok, c.path("logit_scale").asDouble(100.0));
    }

    /** optimum's CLIPModel folder; {@code c} (may be null) may name the model, the tokenizer folder, a name and a logit scale. */
    private static OnnxClipScorer loadJoint(Path folder, JsonNode c, String device) throws IOException {
        JsonNode cfg = c == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : c;
        Path model = folder.resolve(cfg.path("model").asText(JOINT_MODEL));
        Path tokFolder = cfg.hasNonNull("tokenizer") ? folder.resolve(cfg.get("tokenizer").asText())
                : Files.isRegularFile(folder.resolve("vocab.json")) ? folder : folder.resolve("tokenizer");
        ClipTokenizer tok = ClipTokenizer.load(tokFolder);
        OnnxSession s = OnnxSession.open(model, device, Set.of("input_ids", "pixel_values"), Set.of());
        try {
            Set<String> outputs = s.session().getOutputNames();
            if (!outputs.contains(LOGITS) && !(outputs.contains("image_embeds") && outputs.contains("text_embeds"))) {
                throw new IOException(model + " has neither " + LOGITS + " nor image_embeds and text_embeds among its outputs " + outputs
                        + "; export a CLIPModel with optimum (task zero-shot-image-classification)");
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        String name = cfg.path("name").asText(folder.toAbsolutePath().normalize().getFileName().toString());
        return new OnnxClipScorer(name, null, null, null, s, tok, cfg.path("logit_scale").asDouble(100.0));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scale() {
        if (joint != null) {
            return joint.session().getOutputNames().contains(LOGITS) ? "logits_per_image of an external CLIP model (its logit scale x cosine)"
                    : logitScale + " x cosine(image, prompt) of an external CLIP model";
        }
        return head != null ? "aesthetic head output over the image embedding" : logitScale + " x cosine(image, prompt) of an external CLIP-style model";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double[] score(List<RgbImage> images, List<String> prompts) {
        int b = images.size();
        float[] pixels = new float[b * 3 * SIZE * SIZE];
        for (int i = 0; i < b; i++) {
            preprocess(images.get(i), pixels, i * 3 * SIZE * SIZE);
        }
        try {
            if (joint != null) {
                return scoreJoint(pixels, prompts);
            }
            float[] img = run(image, "pixel_values", pixels, new long[] {b, 3, SIZE, SIZE}, "image_embeds");
            int e = img.length / b;
            double[] out = new double[b];
            if (head != null) {
                float[] s = run(head, "embeds", img, new long[] {b, e}, "score");
                for (int i = 0; i < b; i++) {
                    out[i] = s[i * (s.length / b)];
                }
                return out;
            }
            float[] ids = tokenizer.encodeBatch(prompts);
            float[] txt = run(text, "input_ids", ids, new long[] {b, ClipTokenizer.CONTEXT}, "text_embeds");
            for (int i = 0; i < b; i++) {
                out[i] = logitScale * cosine(img, txt, i * e, e);
            }
            return out;
        } catch (OrtException ex) {
            throw new IllegalStateException(name + ": " + ex.getMessage(), ex);
        }
    }

    /** One run of the joint graph over the batch: the (i, i) entries of logits_per_image, or the scaled cosines. */
    private double[] scoreJoint(float[] pixels, List<String> prompts) throws OrtException {
        int b = prompts.size();
        float[] ids = tokenizer.encodeBatch(prompts);
        Map<String, OnnxTensor> in = new java.util.LinkedHashMap<>();
        try {
            in.put("pixel_values", OnnxTensors.of(pixels, new long[] {b, 3, SIZE, SIZE}, joint.type("pixel_values")));
            in.put("input_ids", OnnxTensors.of(ids, new long[] {b, ClipTokenizer.CONTEXT}, joint.type("input_ids")));
            if (joint.session().getInputNames().contains("attention_mask")) {
                in.put("attention_mask", OnnxTensors.of(attentionMask(ids, tokenizer.endId()), new long[] {b, ClipTokenizer.CONTEXT}, joint.type("attention_mask")));
            }
            try (OrtSession.Result r = joint.run(in, Set.of(), b)) {
                double[] out = new double[b];
                if (r.get(LOGITS).isPresent()) {
                    float[] logits = OnnxTensors.floats((OnnxTensor) r.get(LOGITS).get()); // (images, texts)
                    for (int i = 0; i < b; i++) {
                        out[i] = logits[i * b + i];
                    }
                    return out;
                }
                float[] img = OnnxTensors.floats((OnnxTensor) r.get("image_embeds").orElseThrow());
                float[] txt = OnnxTensors.floats((OnnxTensor) r.get("text_embeds").orElseThrow());
                int e = img.length / b;
                for (int i = 0; i < b; i++) {
                    out[i] = logitScale * cosine(img, txt, i * e, e);
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** 1 up to and including each prompt's end token, 0 on the padding after it, as CLIP's processor writes it. */
    static float[] attentionMask(float[] ids, int endId) {
        float[] mask = new float[ids.length];
        for (int row = 0; row < ids.length / ClipTokenizer.CONTEXT; row++) {
            for (int i = 0; i < ClipTokenizer.CONTEXT; i++) {
                int at = row * ClipTokenizer.CONTEXT + i;
                mask[at] = 1;
                if (i > 0 && ids[at] == endId) {
                    break;
                }
            }
        }
        return mask;
    }

    private static float[] run(OnnxSession s, String input, float[] values, long[] shape, String output) throws OrtException {
        try (OnnxTensor t = OnnxTensors.of(values, shape, s.type(input)); OrtSession.Result r = s.run(Map.of(input, t), Set.of(), shape[0])) {
            return OnnxTensors.floats((OnnxTensor) r.get(output).orElseThrow());
        }
    }

    private static double cosine(float[] a, float[] b, int off, int n) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < n; i++) {
            dot += a[off + i] * b[off + i];
            na += a[off + i] * a[off + i];
            nb += b[off + i] * b[off + i];
        }
        return dot / Math.sqrt(Math.max(na * nb, 1e-24));
    }

    /** CLIP preprocessing into {@code out} at {@code offset}, channel-first. */
    static void preprocess(RgbImage im, float[] out, int offset) {
        double scale = (double) SIZE / Math.min(im.width(), im.height());
        int w = (int) Math.round(im.width() * scale);
        int h = (int) Math.round(im.height() * scale);
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(im.toBufferedImage(), 0, 0, w, h, null);
        g.dispose();
        int x0 = (w - SIZE) / 2;
        int y0 = (h - SIZE) / 2;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int rgb = resized.getRGB(x0 + x, y0 + y);
                int[] ch = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    out[offset + (c * SIZE + y) * SIZE + x] = (ch[c] / 255f - MEAN[c]) / STD[c];
                }
            }
        }
    }

    @Override
    public void close() {
        if (joint != null) {
            joint.close();
        }
        if (image != null) {
            image.close();
        }
        if (text != null) {
            text.close();
        }
        if (head != null) {
            head.close();
        }
    }
}
