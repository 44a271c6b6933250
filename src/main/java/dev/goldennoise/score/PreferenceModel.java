package dev.goldennoise.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.model.builtin.TextTransformer;
import dev.goldennoise.model.builtin.WordTokenizer;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.world.RgbImage;

import java.util.List;

/**
 * The networks of a CLIP-style scorer: unit-norm image and text embeddings whose cosine, times 100, is the score
 * (as CLIPScore and HPSv2 report it). Weights are two {@link ParameterSet}s, {@code image.} and {@code text.}, plus
 * the learned logit scale used only in training.
 */
public final class PreferenceModel implements AutoCloseable {
    static final String[] STAGES = {"img.l1", "img.l2", "img.l3"};

    private final PreferenceModelConfig config;
    private final NDManager manager;
    private final WordTokenizer tokenizer = WordTokenizer.forWorld();
    private final ParameterSet image;
    private final TextTransformer text;

    public PreferenceModel(PreferenceModelConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        this.image = new ParameterSet(manager, seed);
        this.text = new TextTransformer(config.text(), new ParameterSet(manager, seed + 1));
        int[] widths = {config.c1(), config.c2(), config.c3(), config.c3()};
        conv("img.in", 3, widths[0]);
        for (int i = 0; i < STAGES.length; i++) {
            conv(STAGES[i], widths[i], widths[i + 1]);
        }
        long flat = (long) config.c3() * 16;
        image.uniform("img.proj.w", new Shape(config.embed(), flat), flat, 1);
        image.constant("img.proj.b", new Shape(config.embed()), 0);
        text.params().uniform("txt.proj.w", new Shape(config.embed(), config.text().width()), config.text().width(), 1);
        image.constant("logit_scale", new Shape(1), (float) Math.log(1 / 0.07));
    }

    private void conv(String name, int cin, int cout) {
        image.uniform(name + ".w", new Shape(cout, cin, 3, 3), cin * 9L, 1);
        image.constant(name + ".b", new Shape(cout), 0);
        image.constant(name + ".gn.g", new Shape(cout), 1);
        image.constant(name + ".gn.b", new Shape(cout), 0);
    }

    public PreferenceModelConfig config() {
        return config;
    }

    public ParameterSet imageParams() {
        return image;
    }

    public ParameterSet textParams() {
        return text.params();
    }

    private NDArray layer(String name, NDArray x, int stride) {
        NDArray h = Nn.conv2d(x, image.get(name + ".w"), image.get(name + ".b"), stride);
        return Nn.silu(Nn.groupNorm(h, Math.min(8, Nn.groupsFor(h.getShape().get(1))), image.get(name + ".gn.g"), image.get(name + ".gn.b")));
    }

    /** Unit-norm embeddings (B, E) of images (B, 3, 64, 64) in [-1, 1]. */
    public NDArray embedImages(NDArray images) {
        // the first conv already halves the resolution: the scenes are flat shapes, and 64×64 convolutions cost most
        NDArray h = layer("img.in", images, 2);
        for (String stage : STAGES) {
            h = layer(stage, h, 2);
        }
        h = h.reshape(h.getShape().get(0), -1);
        return normalise(Nn.linear(h, image.get("img.proj.w"), image.get("img.proj.b")));
    }

    /** Unit-norm embeddings (B, E) of prompts. */
    public NDArray embedTexts(List<String> prompts, NDManager m) {
        int t = tokenizer.maxLength();
        int[] ids = new int[prompts.size() * t];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(tokenizer.encode(prompts.get(i)), 0, ids, i * t, t);
        }
        NDArray states = text.forward(m.create(ids, new Shape(prompts.size(), t)).toType(DataType.INT64, false));
        NDArray bos = states.get(":, 0, :");
        return normalise(Nn.linear(bos, text.params().get("txt.proj.w"), null));
    }

    public NDArray logitScale() {
        return image.get("logit_scale");
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12).sqrt());
    }

    /** 100 · cos(image, prompt) for each pair. */
    public double[] score(List<RgbImage> images, List<String> prompts, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            NDArray ei = embedImages(ImageBatches.stack(images, m));
            NDArray et = embedTexts(prompts, m);
            float[] cos = ei.mul(et).sum(new int[] {1}).toFloatArray();
            double[] out = new double[cos.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = 100.0 * cos[i];
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
