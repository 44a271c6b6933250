package dev.goldennoise.npd;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.TextEncoder;
import dev.goldennoise.npnet.NpnetExample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Noise pairs to NPNet training examples: each pair's caption through the model's text encoder (every caption,
 * each distinct one once; the official trainer embeds only the first caption of a batch).
 */
public final class NpnetData {
    private static final int BATCH = 256;

    private NpnetData() {}

    /** Every pair as an example; a caption the encoder cannot read is an error. */
    public static List<NpnetExample> examples(List<NoisePair> pairs, TextEncoder encoder, NDManager parent) {
        return examples(pairs, encoder, parent, (caption, problem) -> {
            throw new IllegalArgumentException("caption '" + caption + "': " + problem);
        });
    }

    /**
     * The pairs whose caption the encoder reads, as examples; each caption it refuses (an unknown word, too many
     * words) is reported to {@code skipped} once with the reason, and its pairs are left out, as a corrupt shard is.
     */
    public static List<NpnetExample> examples(List<NoisePair> pairs, TextEncoder encoder, NDManager parent,
                                              BiConsumer<String, String> skipped) {
        List<String> distinct = pairs.stream().map(NoisePair::caption).distinct().toList();
        Map<String, float[]> embedded = new HashMap<>();
        for (int start = 0; start < distinct.size(); start += BATCH) {
            List<String> part = distinct.subList(start, Math.min(distinct.size(), start + BATCH));
            try {
                embed(part, encoder, parent, embedded);
            } catch (RuntimeException batchError) {
                for (String caption : part) {
                    try {
                        embed(List.of(caption), encoder, parent, embedded);
                    } catch (RuntimeException e) {
                        skipped.accept(caption, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()));
                    }
                }
            }
        }
        List<NpnetExample> out = new ArrayList<>(pairs.size());
        for (NoisePair p : pairs) {
            float[] text = embedded.get(p.caption());
            if (text != null) {
                out.add(new NpnetExample(p.source(), p.golden(), text));
            }
        }
        return out;
    }

    private static void embed(List<String> captions, TextEncoder encoder, NDManager parent, Map<String, float[]> into) {
        int per = encoder.tokens() * encoder.width();
        try (NDManager m = parent.newSubManager()) {
            float[] all = encoder.encode(captions, m).tokens().toFloatArray();
            for (int i = 0; i < captions.size(); i++) {
                float[] one = new float[per];
                System.arraycopy(all, i * per, one, 0, per);
                into.put(captions.get(i), one);
            }
        }
    }
}
