package dev.goldennoise.score;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.ImageBatches;
import dev.goldennoise.world.Category;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.RgbImage;
import dev.goldennoise.world.SceneSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Held-out accuracy of a scorer on renders no training batch drew (their seeds come from a range of their own):
 * how often the true prompt outscores each one-change hard negative, and how often a clean render outscores each
 * of its degraded versions.
 */
public final class PreferenceEvaluation {
    public static final long HELD_OUT_SEED = 7_000_000_000L;
    /** Renders a training run may watch itself on; the held-out ones stay unseen until the end. */
    public static final long VALIDATION_SEED = 8_000_000_000L;

    private PreferenceEvaluation() {}

    /** Pairwise accuracies overall and by kind of negative. */
    public record Result(int renders, double alignment, Map<String, Double> alignmentByKind, double allNegativesBeaten,
                         double quality, Map<String, Double> qualityByDegradation) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("renders", renders);
            m.put("true_prompt_above_hard_negative", alignment);
            m.put("by_kind", alignmentByKind);
            m.put("true_prompt_above_all_its_negatives", allNegativesBeaten);
            m.put("clean_above_degraded", quality);
            m.put("by_degradation", qualityByDegradation);
            return m;
        }

        public String summary() {
            return String.format("%d renders: true prompt above a hard negative %.1f%% %s; above all of them %.1f%%;"
                            + " clean above degraded %.1f%% %s", renders, 100 * alignment, pct(alignmentByKind),
                    100 * allNegativesBeaten, 100 * quality, pct(qualityByDegradation));
        }

        private static String pct(Map<String, Double> m) {
            StringBuilder sb = new StringBuilder("(");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(String.format(" %.1f%%", 100 * v)));
            return sb.append(')').toString();
        }
    }

    public static Result run(PreferenceModel model, NDManager root, int renders) {
        return run(model, root, renders, HELD_OUT_SEED);
    }

    /** As {@link #run(PreferenceModel, NDManager, int)} on renders from another seed range. */
    public static Result run(PreferenceModel model, NDManager root, int renders, long seedBase) {
        Random rnd = new Random(seedBase);
        Category[] cats = Category.values();
        Map<String, int[]> byKind = new TreeMap<>();
        Map<String, int[]> byDeg = new TreeMap<>();
        int allBeaten = 0;
        for (int i = 0; i < renders; i++) {
            List<String> pool = PromptSets.all(cats[i % cats.length]);
            String prompt = pool.get(rnd.nextInt(pool.size()));
            SceneSpec spec = PromptParser.parse(prompt);
            RgbImage clean = Renderer.render(spec, seedBase + i);
            List<HardNegatives.Negative> negatives = HardNegatives.allWithKinds(spec);
            List<String> texts = new ArrayList<>();
            texts.add(prompt);
            negatives.forEach(n -> texts.add(n.prompt()));
            List<RgbImage> images = new ArrayList<>();
            images.add(clean);
            for (String d : Degradations.names()) {
                images.add(Degradations.apply(d, clean, new Random(seedBase + i)));
            }
            try (NDManager m = root.newSubManager()) {
                int nt = texts.size();
                int nd = images.size() - 1;
                // the clean image against every prompt, then each degraded image against the true prompt
                int[] image = new int[nt + nd];
                int[] text = new int[nt + nd];
                for (int j = 0; j < nt; j++) {
                    text[j] = j;
                }
                for (int d = 0; d < nd; d++) {
                    image[nt + d] = 1 + d;
                }
                float[] sc = model.pairScores(model.encodeImages(ImageBatches.stack(images, m)), model.encodeTexts(texts, m), image, text, m)
                        .toFloatArray();
                boolean beatAll = true;
                for (int k = 0; k < negatives.size(); k++) {
                    boolean ok = sc[0] > sc[1 + k];
                    beatAll &= ok;
                    tally(byKind, negatives.get(k).kind(), ok);
                }
                allBeaten += beatAll ? 1 : 0;
                List<String> names = Degradations.names();
                for (int d = 0; d < names.size(); d++) {
                    tally(byDeg, names.get(d), sc[0] > sc[nt + d]);
                }
            }
        }
        return new Result(renders, overall(byKind), rates(byKind), (double) allBeaten / renders, overall(byDeg), rates(byDeg));
    }

    private static void tally(Map<String, int[]> m, String key, boolean ok) {
        int[] c = m.computeIfAbsent(key, k -> new int[2]);
        c[0] += ok ? 1 : 0;
        c[1]++;
    }

    private static Map<String, Double> rates(Map<String, int[]> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
        return out;
    }

    private static double overall(Map<String, int[]> m) {
        long ok = 0;
        long n = 0;
        for (int[] c : m.values()) {
            ok += c[0];
            n += c[1];
        }
        return n == 0 ? 0 : (double) ok / n;
    }
}
