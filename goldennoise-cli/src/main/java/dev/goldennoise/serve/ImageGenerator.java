package dev.goldennoise.serve;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch worker's job: a batch of {@link ImageWork} (one step count and guidance scale, any mix of noises) sampled
 * as one denoiser batch, then scored by every scorer. Runs on the batcher's one thread only.
 */
public final class ImageGenerator implements MicroBatcher.Work<ImageWork, GeneratedImage> {
    private final DiffusionModel model;
    private final List<Scorer> scorers;
    private final int maxBatch;
    private final NDManager manager;

    public ImageGenerator(DiffusionModel model, List<Scorer> scorers, int maxBatch, NDManager manager) {
        this.model = model;
        this.scorers = List.copyOf(scorers);
        this.maxBatch = maxBatch;
        this.manager = manager;
    }

    public List<String> scorerNames() {
        return scorers.stream().map(Scorer::name).toList();
    }

    @Override
    public List<GeneratedImage> run(List<ImageWork> batch) {
        ImageWork first = batch.get(0);
        ImagePipeline pipeline = new ImagePipeline(model, first.steps(), first.cfg(), maxBatch);
        long t0 = System.nanoTime();
        List<ImagePipeline.Sample> samples = pipeline.sampleMixed(
                batch.stream().map(w -> new ImagePipeline.Job(w.prompt(), w.seed())).toList(),
                batch.stream().map(ImageWork::strategy).toList(), manager);
        long t1 = System.nanoTime();
        List<RgbImage> images = samples.stream().map(ImagePipeline.Sample::image).toList();
        List<String> prompts = batch.stream().map(ImageWork::prompt).toList();
        List<Map<String, Double>> scores = new ArrayList<>();
        batch.forEach(w -> scores.add(new LinkedHashMap<>()));
        for (Scorer s : scorers) {
            double[] v = s.score(images, prompts);
            for (int i = 0; i < v.length; i++) {
                scores.get(i).put(s.name(), v[i]);
            }
        }
        long t2 = System.nanoTime();
        List<GeneratedImage> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ImagePipeline.Sample s = samples.get(i);
            out.add(new GeneratedImage(s.image(), s.initialNoise(), s.startNoise(), java.util.Collections.unmodifiableMap(scores.get(i)), batch.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));
        }
        return out;
    }
}
