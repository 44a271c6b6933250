package dev.goldennoise.score;

import dev.goldennoise.model.builtin.TextEncoderConfig;
import dev.goldennoise.model.builtin.WordTokenizer;

/**
 * Shape of a CLIP-style scorer. Both towers keep where things are, since relations and counts need it:
 * <ul>
 *   <li>image tower {@code conv}: channel widths c1 → c2 → c3 over four stride-2 convolutions (64 → 4 px) whose 4×4
 *   map is flattened; {@code patch}: a convolutional stem of two stride-2 convolutions of width c1 (64 → 16 px), then
 *   2×2 stem cells (8×8 pixels) as tokens embedded to width c3 with a learned position embedding, {@code towerLayers}
 *   self-attention blocks over the 64 tokens; each token squeezed to c2 numbers after attention and c2 before it
 *   (what is at its own place), and the 8×8 grid flattened; {@code mixer}: the same stem and tokens, then
 *   {@code towerLayers} MLP-Mixer blocks over them (token mixing by learned weights between grid places, no
 *   attention), each token squeezed to c2 numbers and the grid flattened, plus c3 features' mass and centre along x
 *   and y over the grid (a moment readout);</li>
 *   <li>text readout {@code bos}: the first token state alone; {@code tokens}: every token state flattened in order, so
 *   that "a red circle left of a blue square" and its swap cannot map to the same vector.</li>
 * </ul>
 * Both are projected to {@code embed} dimensions. The score ({@code head}) is {@code cosine}: 100 × the cosine of
 * the two embeddings; or {@code match}: the logit of a {@link MatchHead}, where prompt tokens attend to the image's
 * grid tokens (the embeddings are then still trained, CLIP-style, beside it). Weights saved before the tower, readout
 * and head were configurable have none of these fields and mean {@code conv}, {@code bos} and {@code cosine}.
 */
public record PreferenceModelConfig(int c1, int c2, int c3, int embed, TextEncoderConfig text, String imageTower,
                                    int towerLayers, String textReadout, String head) {
    public static final String CONV = "conv";
    public static final String PATCH = "patch";
    public static final String MIXER = "mixer";
    public static final String BOS = "bos";
    public static final String TOKENS = "tokens";
    public static final String COSINE = "cosine";
    public static final String MATCH = "match";

    public PreferenceModelConfig {
        imageTower = imageTower == null ? CONV : imageTower;
        textReadout = textReadout == null ? BOS : textReadout;
        head = head == null ? COSINE : head;
        if (!imageTower.equals(CONV) && !imageTower.equals(PATCH) && !imageTower.equals(MIXER)) {
            throw new IllegalArgumentException("unknown image tower '" + imageTower + "'; use conv, patch or mixer");
        }
        if (!textReadout.equals(BOS) && !textReadout.equals(TOKENS)) {
            throw new IllegalArgumentException("unknown text readout '" + textReadout + "'; use bos or tokens");
        }
        if (!head.equals(COSINE) && !head.equals(MATCH)) {
            throw new IllegalArgumentException("unknown head '" + head + "'; use cosine or match");
        }
        if (head.equals(MATCH) && imageTower.equals(CONV)) {
            throw new IllegalArgumentException("a match head needs an image tower with grid tokens (patch or mixer), not conv");
        }
        if (!imageTower.equals(CONV) && towerLayers < 1) {
            throw new IllegalArgumentException("a " + imageTower + " tower needs at least one layer, got " + towerLayers);
        }
    }

    /** The preference scorer used for NPD filtering: convolutional image tower. */
    public static PreferenceModelConfig preference() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(32, 64, 128, 128, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 128, 2, 4),
                CONV, 0, TOKENS, COSINE);
    }

    /**
     * The independent judge: another architecture family (grid tokens mixed by MLP-Mixer blocks with a moment readout,
     * instead of a convolutional pyramid), other seeds and other renders. It learns a relation's order only with the
     * position curriculum of {@code train-scorer --position-first}; a matching head did not teach it (docs/SCORERS.md),
     * so it scores with the cosine.
     */
    public static PreferenceModelConfig judge() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(32, 32, 96, 128, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 128, 2, 4),
                MIXER, 4, TOKENS, COSINE);
    }

    public static PreferenceModelConfig tiny() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(8, 8, 16, 16, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 16, 1, 2),
                CONV, 0, TOKENS, COSINE);
    }

    /** The tiny configuration with an MLP-Mixer tower: the judge's family, for tests and --tiny runs. */
    public static PreferenceModelConfig tinyMixer() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(8, 4, 16, 16, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 16, 1, 2),
                MIXER, 1, TOKENS, COSINE);
    }

    /** The tiny mixer with a matching head, for tests. */
    public static PreferenceModelConfig tinyMatch() {
        return tinyMixer().withHead(MATCH);
    }

    /** The tiny configuration with a patch-attention tower (the previous judge's family), for tests. */
    public static PreferenceModelConfig tinyPatch() {
        WordTokenizer tok = WordTokenizer.forWorld();
        return new PreferenceModelConfig(8, 4, 16, 16, new TextEncoderConfig(tok.vocabularySize(), tok.maxLength(), 16, 1, 2),
                PATCH, 1, TOKENS, COSINE);
    }

    /** The same towers with another head. */
    public PreferenceModelConfig withHead(String other) {
        return new PreferenceModelConfig(c1, c2, c3, embed, text, imageTower, towerLayers, textReadout, other);
    }

    /** Whether both have the same towers, whatever their heads: what a scorer can be fine-tuned from ({@code train-scorer --init}). */
    public boolean sameTowers(PreferenceModelConfig o) {
        return c1 == o.c1 && c2 == o.c2 && c3 == o.c3 && embed == o.embed && text.equals(o.text) && imageTower.equals(o.imageTower)
                && towerLayers == o.towerLayers && textReadout.equals(o.textReadout);
    }

    /** What a score means, for scorer descriptions and cards. */
    public String scoreScale() {
        return head.equals(MATCH)
                ? "the matching head's logit (prompt tokens attending to image tokens); unbounded, higher is better"
                : "100 * cosine(image embedding, prompt embedding); higher is better; range -100..100";
    }
}
