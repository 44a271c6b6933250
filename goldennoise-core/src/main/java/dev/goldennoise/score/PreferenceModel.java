package dev.goldennoise.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.model.builtin.TextTransformer;
import dev.goldennoise.model.builtin.WordTokenizer;
import dev.goldennoise.tensor.MixerBlock;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TransformerBlock;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.tensor.Scalars;

import java.util.Arrays;
import java.util.List;

/**
 * The networks of a CLIP-style scorer: unit-norm image and text embeddings whose cosine, times 100, is the score
 * (as CLIPScore and HPSv2 report it), or, with a {@link MatchHead}, the head's logit for each pair. Weights are two
 * {@link ParameterSet}s, {@code image.} (the head's too) and {@code text.}, plus the learned logit scale used only in
 * training.
 */
public final class PreferenceModel implements AutoCloseable {
    static final String[] STAGES = {"img.l1", "img.l2", "img.l3"};
    /** Patches of 2×2 stem cells (8×8 pixels) on an 8×8 grid. */
    private static final int PATCH = 2;
    private static final int GRID = 8;
    private static final int PATCH_HEADS = 4;

    private final PreferenceModelConfig config;
    private final NDManager manager;
    private final WordTokenizer tokenizer = WordTokenizer.forWorld();
    private final ParameterSet image;
    private final TextTransformer text;
    /** (1, 64, 3): 1, x and y of each grid place in [−1, 1], for the mixer tower's moment readout. */
    private NDArray gridMoments;
    /** (1, 64, 2): x and y of each grid place in [−1, 1], for the matching head's keys and values. */
    private NDArray gridCoords;
    private final MatchHead match;

    /**
     * Both towers' outputs for a batch: unit-norm embeddings (B, E), and what the matching head reads (null without
     * one): the prompts' token stream, or the images' keys and values.
     */
    public record Encoded(NDArray embedding, NDArray forHead) {}

    public PreferenceModel(PreferenceModelConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        this.image = new ParameterSet(manager, seed);
        this.text = new TextTransformer(config.text(), new ParameterSet(manager, seed + 1));
        if (config.imageTower().equals(PreferenceModelConfig.PATCH)) {
            initPatchTower();
        } else if (config.imageTower().equals(PreferenceModelConfig.MIXER)) {
            initMixerTower();
        } else {
            initConvTower();
        }
        int textWidth = config.text().width();
        long textIn = config.textReadout().equals(PreferenceModelConfig.TOKENS) ? (long) textWidth * config.text().maxLength() : textWidth;
        text.params().uniform("txt.proj.w", new Shape(config.embed(), textIn), textIn, 1);
        image.constant("logit_scale", new Shape(1), (float) Math.log(1 / 0.07));
        // created last, so that the towers' seeded initialisation is the same with and without a head
        if (config.head().equals(PreferenceModelConfig.MATCH)) {
            match = new MatchHead(image, textWidth, config.c3());
            float[] xy = new float[GRID * GRID * 2];
            for (int p = 0; p < GRID * GRID; p++) {
                xy[p * 2] = (p % GRID - (GRID - 1) / 2f) / ((GRID - 1) / 2f);
                xy[p * 2 + 1] = (p / GRID - (GRID - 1) / 2f) / ((GRID - 1) / 2f);
            }
            gridCoords = manager.create(xy, new Shape(1, GRID * GRID, 2));
        } else {
            match = null;
        }
    }

    private void initConvTower() {
        int[] widths = {config.c1(), config.c2(), config.c3(), config.c3()};
        conv("img.in", 3, widths[0]);
        for (int i = 0; i < STAGES.length; i++) {
            conv(STAGES[i], widths[i], widths[i + 1]);
        }
        long flat = (long) config.c3() * 16;
        image.uniform("img.proj.w", new Shape(config.embed(), flat), flat, 1);
        image.constant("img.proj.b", new Shape(config.embed()), 0);
    }

    private void initPatchTower() {
        int d = config.c3();
        initStemTokens(d);
        image.normal("img.pos", new Shape(GRID * GRID, d), 0.02);
        for (int l = 0; l < config.towerLayers(); l++) {
            TransformerBlock.init(image, "img.block" + l + ".", d);
        }
        TransformerBlock.layerNorm(image, "img.ln_final", d);
        image.uniform("img.tok.w", new Shape(config.c2(), d), d, 1);
        image.constant("img.tok.b", new Shape(config.c2()), 0);
        image.uniform("img.local.w", new Shape(config.c2(), d), d, 1);
        image.constant("img.local.b", new Shape(config.c2()), 0);
        long flat = 2L * config.c2() * GRID * GRID;
        image.uniform("img.proj.w", new Shape(config.embed(), flat), flat, 1);
        image.constant("img.proj.b", new Shape(config.embed()), 0);
    }

    /** The stem and token embedding of {@link #stemTokens}, created in this order (the seeded initialisation follows it). */
    private void initStemTokens(int d) {
        conv("img.stem1", 3, config.c1());
        conv("img.stem2", config.c1(), config.c1());
        long patchIn = (long) config.c1() * PATCH * PATCH;
        image.uniform("img.patch.w", new Shape(d, patchIn), patchIn, 1);
        image.constant("img.patch.b", new Shape(d), 0);
    }

    private void initMixerTower() {
        int d = config.c3();
        initStemTokens(d);
        for (int l = 0; l < config.towerLayers(); l++) {
            MixerBlock.init(image, "img.mix" + l + ".", GRID * GRID, d);
        }
        TransformerBlock.layerNorm(image, "img.ln_final", d);
        image.uniform("img.tok.w", new Shape(config.c2(), d), d, 1);
        image.constant("img.tok.b", new Shape(config.c2()), 0);
        image.uniform("img.mom.w", new Shape(d, d), d, 1);
        image.constant("img.mom.b", new Shape(d), 0);
        long flat = (long) config.c2() * GRID * GRID + 3L * d;
        image.uniform("img.proj.w", new Shape(config.embed(), flat), flat, 1);
        image.constant("img.proj.b", new Shape(config.embed()), 0);
        float[] coords = new float[GRID * GRID * 3];
        for (int p = 0; p < GRID * GRID; p++) {
            coords[p * 3] = 1;
            coords[p * 3 + 1] = (p % GRID - (GRID - 1) / 2f) / ((GRID - 1) / 2f);
            coords[p * 3 + 2] = (p / GRID - (GRID - 1) / 2f) / ((GRID - 1) / 2f);
        }
        gridMoments = manager.create(coords, new Shape(1, GRID * GRID, 3));
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
        return encodeImages(images).embedding();
    }

    /** Embeddings of images (B, 3, 64, 64) in [-1, 1], and the matching head's keys and values of their grid tokens. */
    public Encoded encodeImages(NDArray images) {
        NDArray local = null;
        NDArray tokens = null;
        NDArray h;
        switch (config.imageTower()) {
            case PreferenceModelConfig.PATCH -> {
                local = stemTokens(images).add(image.get("img.pos"));
                tokens = patchTokens(local);
                h = patchReadout(tokens, local);
            }
            case PreferenceModelConfig.MIXER -> {
                local = stemTokens(images);
                tokens = mixerTokens(local);
                h = mixerReadout(tokens);
            }
            default -> h = convFeatures(images);
        }
        NDArray e = normalise(Nn.linear(h, image.get("img.proj.w"), image.get("img.proj.b")));
        return new Encoded(e, match == null ? null : match.imageKeysValues(tokens, local, gridCoords));
    }

    private NDArray convFeatures(NDArray images) {
        // the first conv already halves the resolution: the scenes are flat shapes, and 64×64 convolutions cost most
        NDArray h = layer("img.in", images, 2);
        for (String stage : STAGES) {
            h = layer(stage, h, 2);
        }
        return h.reshape(h.getShape().get(0), -1);
    }

    /**
     * A convolutional stem (64 → 16 px), then ViT-style attention: every patch token attends to every other, so "left
     * of" is a comparison between two tokens. The stem is there because a transformer on raw 8×8-pixel patches learned
     * colours and shapes but not relations in 3,000 steps (relation 53%, swap 50% on validation renders), where
     * early convolutions are known to make vision transformers train far better; with the stem alone relations still
     * stayed near chance, hence the second, local read of every token.
     */
    private NDArray patchTokens(NDArray local) {
        NDArray x = local;
        for (int l = 0; l < config.towerLayers(); l++) {
            x = TransformerBlock.forward(x, image, "img.block" + l + ".", PATCH_HEADS);
        }
        return Nn.layerNorm(x, image.get("img.ln_final.g"), image.get("img.ln_final.b"));
    }

    private NDArray patchReadout(NDArray x, NDArray local) {
        long b = x.getShape().get(0);
        // each token is read twice: after attention (what it learned from the others) and before (what is at its own
        // place); without the second, attention blurred where things are and relations stayed at chance
        NDArray mixed = Nn.linear(x, image.get("img.tok.w"), image.get("img.tok.b"));
        NDArray here = Nn.linear(local, image.get("img.local.w"), image.get("img.local.b"));
        return mixed.concat(here, 2).reshape(b, -1);
    }

    /**
     * The patch tower's stem and tokens, mixed by MLP-Mixer blocks instead of attention: token mixing is a learned map
     * over fixed grid places, so "left of" is a weight between two places rather than something attention must find.
     * On raw 8×8-pixel patches, without the stem, it learned shapes too slowly (docs/SCORERS.md).
     */
    private NDArray mixerTokens(NDArray local) {
        NDArray x = local;
        for (int l = 0; l < config.towerLayers(); l++) {
            x = MixerBlock.forward(x, image, "img.mix" + l + ".");
        }
        return Nn.layerNorm(x, image.get("img.ln_final.g"), image.get("img.ln_final.b"));
    }

    private NDArray mixerReadout(NDArray x) {
        long b = x.getShape().get(0);
        // flattened in grid order, as the conv tower's map is: the readout itself knows where each token sits
        NDArray flat = Nn.linear(x, image.get("img.tok.w"), image.get("img.tok.b")).reshape(b, -1);
        // and each feature's mass and centre along x and y, one weight for every place: "left of" is then a difference
        // of two centres, which the flat readout would have to learn separately at each of the 64 places
        NDArray f = Nn.gelu(Nn.linear(x, image.get("img.mom.w"), image.get("img.mom.b"))); // (B, 64, d)
        NDArray moments = Scalars.over(f.transpose(0, 2, 1).matMul(gridMoments), GRID * GRID).reshape(b, -1); // (B, 3d)
        return flat.concat(moments, 1);
    }

    /** (B, 64, c3): the stem's 16×16 map cut into 2×2 cells, each embedded. */
    private NDArray stemTokens(NDArray images) {
        long b = images.getShape().get(0);
        NDArray h = layer("img.stem2", layer("img.stem1", images, 2), 2); // (B, c1, 16, 16)
        long c = h.getShape().get(1);
        NDArray patches = h.reshape(b, c, GRID, PATCH, GRID, PATCH).transpose(0, 2, 4, 1, 3, 5)
                .reshape(b, GRID * GRID, c * PATCH * PATCH);
        return Nn.linear(patches, image.get("img.patch.w"), image.get("img.patch.b"));
    }

    /** Unit-norm embeddings (B, E) of prompts. */
    public NDArray embedTexts(List<String> prompts, NDManager m) {
        return encodeTexts(prompts, m).embedding();
    }

    /** Embeddings of prompts, and the matching head's stream of their token states. */
    public Encoded encodeTexts(List<String> prompts, NDManager m) {
        int t = tokenizer.maxLength();
        int[] ids = new int[prompts.size() * t];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(tokenizer.encode(prompts.get(i)), 0, ids, i * t, t);
        }
        NDArray states = text.forward(m.create(ids, new Shape(prompts.size(), t)).toType(DataType.INT64, false));
        NDArray read = config.textReadout().equals(PreferenceModelConfig.TOKENS)
                ? states.reshape(prompts.size(), -1)
                : states.get(":, 0, :");
        NDArray e = normalise(Nn.linear(read, text.params().get("txt.proj.w"), null));
        return new Encoded(e, match == null ? null : match.textStream(states));
    }

    /** Whether the score is a matching head's logit rather than a cosine of the two embeddings. */
    public boolean hasMatchHead() {
        return match != null;
    }

    /** (N,): the score of each pair (images row image[i], prompts row text[i]); see {@link #score}. */
    public NDArray pairScores(Encoded images, Encoded texts, int[] image, int[] text, NDManager m) {
        if (match != null) {
            return match.score(texts.forHead(), images.forHead(), text, image, m);
        }
        return Scalars.times(Nn.rows(images.embedding(), image, m).mul(Nn.rows(texts.embedding(), text, m)).sum(new int[] {1}), 100);
    }

    public NDArray logitScale() {
        return image.get("logit_scale");
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12).sqrt());
    }

    /** For each pair, 100 · cos(image, prompt), or the matching head's logit where there is one. */
    public double[] score(List<RgbImage> images, List<String> prompts, NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            Encoded ei = encodeImages(ImageBatches.stack(images, m));
            Encoded et = encodeTexts(prompts, m);
            double[] out = new double[images.size()];
            if (match != null) {
                int[] same = new int[out.length];
                Arrays.setAll(same, i -> i);
                float[] logit = match.score(et.forHead(), ei.forHead(), same, same, m).toFloatArray();
                Arrays.setAll(out, i -> logit[i]);
            } else {
                // the cosine times 100 in double, as scores were before pairScores existed, so cached scores stay equal
                float[] cos = ei.embedding().mul(et.embedding()).sum(new int[] {1}).toFloatArray();
                Arrays.setAll(out, i -> 100.0 * cos[i]);
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
