package dev.goldennoise.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.noise.ImagePipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each strategy of an evaluation changes in the initial noise, for evaluate's report: explain's summary (spectrum
 * of Δ, singular values, mean |Δ| per category, Gaussianity) over the evaluation's own items. Only strategies that
 * make their noise without the denoiser are analysed: their noises cost a forward pass to make again, while a
 * search's would cost its whole search a second time ({@code explain --noise NAME} analyses those).
 */
public final class NoiseChangeAnalysis {
    /** At most this many items per strategy, spread evenly over the evaluation so that every category is in. */
    public static final int MAX_ITEMS = 256;

    private NoiseChangeAnalysis() {}

    /** The summary of every analysable strategy but the baseline, by label, in the evaluation's order. */
    public static Map<String, NoiseChanges> of(ImagePipeline pipeline, List<EvaluationItem> items,
                                               List<LabelledStrategy> strategies, NDManager root) {
        List<EvaluationItem> sample = spread(items, MAX_ITEMS);
        List<ImagePipeline.Job> jobs = sample.stream().map(i -> new ImagePipeline.Job(i.prompt(), i.seed())).toList();
        Map<String, NoiseChanges> out = new LinkedHashMap<>();
        for (LabelledStrategy s : strategies) {
            if (!analysable(s)) {
                continue;
            }
            long[] shape = pipeline.latentShape().getShape();
            NoiseChanges changes = new NoiseChanges((int) shape[0], (int) shape[1], (int) shape[2]);
            int[] next = {0};
            pipeline.noises(jobs, s.strategy(), root, done -> {}, (batch, xT, golden) -> {
                for (int k = 0; k < batch.size(); k++) {
                    changes.add(row(xT, k), row(golden, k), sample.get(next[0]++).category());
                }
            });
            out.put(s.label(), changes);
        }
        return out;
    }

    /** Whether a strategy's noise is analysed: not standard noise (no change), and made without denoiser calls. */
    public static boolean analysable(LabelledStrategy s) {
        return !s.strategy().name().equals(LabelledStrategy.BASELINE) && s.strategy().extraDenoiserCalls() == 0;
    }

    static List<EvaluationItem> spread(List<EvaluationItem> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        List<EvaluationItem> out = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            out.add(items.get((int) ((long) i * items.size() / max)));
        }
        return out;
    }

    private static float[] row(NDArray batch, int k) {
        try (NDArray r = batch.get(k)) {
            return r.toFloatArray();
        }
    }
}
