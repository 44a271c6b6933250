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
 * A CLIP-style scorer from ONNX image and text towers, the form PickScore, HPSv2 and CLIPScore are exported in:
 * score = logit scale · cos(image embedding, text embedding). With an aesthetic head (an MLP over the image
 * embedding, as the LAION predictor), the score is the head's output instead and the prompt is not used.
 *
 * <p>Configured by {@code scorer.json} in the scorer's folder:
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

    private final String name;
    private final OnnxSession image;
    private final OnnxSession text;
    private final OnnxSession head;
    private final ClipTokenizer tokenizer;
    private final double logitScale;

    private OnnxClipScorer(String name, OnnxSession image, OnnxSession text, OnnxSession head, ClipTokenizer tokenizer, double logitScale) {
        this.name = name;
        this.image = image;
        this.text = text;
        this.head = head;
        this.tokenizer = tokenizer;
        this.logitScale = logitScale;
    }

    public static OnnxClipScorer load(Path folder, String device) throws IOException {
        Path cfgFile = folder.resolve(CONFIG);
        if (!Files.isRegularFile(cfgFile)) {
            throw new IOException("missing " + cfgFile + "; an external scorer folder holds scorer.json naming image_model, text_model and tokenizer");
        }
        JsonNode c = JsonFiles.read(cfgFile);
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
        return new OnnxClipScorer(c.get("name").asText(), img, txt, hd, tok, c.path("logit_scale").asDouble(100.0));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String scale() {
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

    private static float[] run(OnnxSession s, String input, float[] values, long[] shape, String output) throws OrtException {
        try (OnnxTensor t = OnnxTensors.of(values, shape, s.type(input)); OrtSession.Result r = s.session().run(Map.of(input, t))) {
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
        image.close();
        if (text != null) {
            text.close();
        }
        if (head != null) {
            head.close();
        }
    }
}
