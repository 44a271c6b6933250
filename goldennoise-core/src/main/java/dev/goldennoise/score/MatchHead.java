package dev.goldennoise.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TransformerBlock;
import dev.goldennoise.tensor.Scalars;

/**
 * An image-text matching head, a small cousin of BLIP's: every prompt token attends to the image's grid tokens (their
 * keys and values read each token twice, after the tower's mixing and straight from the stem, plus the token's x and
 * y), then a transformer block over the prompt tokens compares what each word
 * found, and the first token's state becomes one matching logit. A dual encoder must fold "red circle left of blue
 * square" into one image vector that already binds each colour to its side; the judge's did not, and mapped a
 * relation and its reversal to the same prompt vector (cosine 1.000). Here "red" in the subject slot looks up where
 * red is, and the comparison happens after the lookup. The stem's reading is there because after the tower's global
 * mixing a token no longer says what is at its own place: the judge's cosine embedding of an image and of its mirror
 * image had cosine 0.992, and a head on mixed tokens alone still ranked swaps at chance after 1,000 steps. With the
 * stem's tokens too it did no better (docs/SCORERS.md): what taught the judge the order was a curriculum of position
 * prompts, not this head, so no shipped scorer uses it.
 *
 * <p>Parameters live under {@code match.} in the image tower's set, so the file format stays two sets.
 */
final class MatchHead {
    static final int WIDTH = 64;
    private static final int HEADS = 4;
    private static final int COORDS = 2;
    static final int BOUND = 20;

    private final ParameterSet p;

    MatchHead(ParameterSet p, int textWidth, int imageWidth) {
        this.p = p;
        p.uniform("match.txt.w", new Shape(WIDTH, textWidth), textWidth, 1);
        p.constant("match.txt.b", new Shape(WIDTH), 0);
        TransformerBlock.layerNorm(p, "match.img.ln", imageWidth);
        TransformerBlock.layerNorm(p, "match.local.ln", imageWidth);
        long kvIn = 2L * imageWidth + COORDS;
        p.uniform("match.k.w", new Shape(WIDTH, kvIn), kvIn, 1);
        p.uniform("match.v.w", new Shape(WIDTH, kvIn), kvIn, 1);
        TransformerBlock.layerNorm(p, "match.ln_q", WIDTH);
        p.uniform("match.q.w", new Shape(WIDTH, WIDTH), WIDTH, 1);
        p.uniform("match.out.w", new Shape(WIDTH, WIDTH), WIDTH, 1);
        p.constant("match.out.b", new Shape(WIDTH), 0);
        TransformerBlock.layerNorm(p, "match.ln_ff", WIDTH);
        p.uniform("match.ff1.w", new Shape(4L * WIDTH, WIDTH), WIDTH, 1);
        p.constant("match.ff1.b", new Shape(4L * WIDTH), 0);
        p.uniform("match.ff2.w", new Shape(WIDTH, 4L * WIDTH), 4L * WIDTH, 1);
        p.constant("match.ff2.b", new Shape(WIDTH), 0);
        TransformerBlock.init(p, "match.self.", WIDTH);
        TransformerBlock.layerNorm(p, "match.ln_final", WIDTH);
        p.uniform("match.score.w", new Shape(1, WIDTH), WIDTH, 1);
        p.constant("match.score.b", new Shape(1), 0);
    }

    /** (P, T, WIDTH): the prompts' token states in the head's width, computed once per prompt. */
    NDArray textStream(NDArray states) {
        return Nn.linear(states, p.get("match.txt.w"), p.get("match.txt.b"));
    }

    /**
     * (I, N, 2·WIDTH): keys then values of each image's grid tokens, computed once per image.
     *
     * @param tokens (I, N, d): the tower's output tokens
     * @param local  (I, N, d): the same places before the tower mixed them (the stem's tokens)
     * @param coords (1, N, 2): each token's x and y in [−1, 1]
     */
    NDArray imageKeysValues(NDArray tokens, NDArray local, NDArray coords) {
        // starting from the activation keeps the broadcast copy in its manager, not in the model's
        NDArray where = tokens.get(":, :, 0:" + COORDS).zerosLike().add(coords);
        NDArray h = Nn.layerNorm(tokens, p.get("match.img.ln.g"), p.get("match.img.ln.b"))
                .concat(Nn.layerNorm(local, p.get("match.local.ln.g"), p.get("match.local.ln.b")), 2).concat(where, 2);
        return Nn.linear(h, p.get("match.k.w"), null).concat(Nn.linear(h, p.get("match.v.w"), null), 2);
    }

    /**
     * (N,): the matching logit of each pair (text[i] of the text streams, image[i] of the images' keys and values),
     * bounded to ±{@value #BOUND} so that no pair's logit can run away with the ranking loss (a run without the bound
     * hit a NaN loss at step 1,019).
     */
    NDArray score(NDArray textStream, NDArray keysValues, int[] text, int[] image, NDManager m) {
        NDArray x = Nn.rows(textStream, text, m);
        NDArray kv = Nn.rows(keysValues, image, m);
        NDArray k = kv.get(":, :, 0:" + WIDTH);
        NDArray v = kv.get(":, :, " + WIDTH + ":");
        NDArray q = Nn.linear(Nn.layerNorm(x, p.get("match.ln_q.g"), p.get("match.ln_q.b")), p.get("match.q.w"), null);
        x = x.add(Nn.linear(Nn.attention(q, k, v, HEADS), p.get("match.out.w"), p.get("match.out.b")));
        NDArray h = Nn.gelu(Nn.linear(Nn.layerNorm(x, p.get("match.ln_ff.g"), p.get("match.ln_ff.b")),
                p.get("match.ff1.w"), p.get("match.ff1.b")));
        x = x.add(Nn.linear(h, p.get("match.ff2.w"), p.get("match.ff2.b")));
        x = TransformerBlock.forward(x, p, "match.self.", HEADS);
        NDArray first = Nn.layerNorm(x, p.get("match.ln_final.g"), p.get("match.ln_final.b")).get(":, 0, :");
        return Scalars.times(Scalars.over(Nn.linear(first, p.get("match.score.w"), p.get("match.score.b")), BOUND).tanh(), BOUND).reshape(text.length);
    }
}
