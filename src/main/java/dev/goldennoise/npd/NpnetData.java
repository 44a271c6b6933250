package dev.goldennoise.npd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.TextEncoder;
import dev.goldennoise.npnet.NpnetExample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Noise pairs to NPNet training examples: each pair's caption through the model's text encoder (every caption,
 * each distinct one once; the official trainer embeds only the first caption of a batch).
 */
public final class NpnetData {
    private static final int BATCH = 256;

    private NpnetData() {}

    public static List<NpnetExample> examples(List<NoisePair> pairs, TextEncoder encoder, NDManager parent) {
        List<String> distinct = pairs.stream().map(NoisePair::caption).distinct().toList();
        Map<String, float[]> embedded = new HashMap<>();
        int per = encoder.tokens() * encoder.width();
        for (int start = 0; start < distinct.size(); start += BATCH) {
            List<String> part = distinct.subList(start, Math.min(distinct.size(), start + BATCH));
            try (NDManager m = parent.newSubManager()) {
                NDArray tokens = encoder.encode(part, m).tokens();
                float[] all = tokens.toFloatArray();
                for (int i = 0; i < part.size(); i++) {
                    float[] one = new float[per];
                    System.arraycopy(all, i * per, one, 0, per);
                    embedded.put(part.get(i), one);
                }
            }
        }
        List<NpnetExample> out = new ArrayList<>(pairs.size());
        for (NoisePair p : pairs) {
            out.add(new NpnetExample(p.source(), p.golden(), embedded.get(p.caption())));
        }
        return out;
    }
}
