package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.SamplingDefaults;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.world.CheckResult;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped weights load and draw what a single-object prompt asks for, as the exact checker sees it. */
class CommittedWeightsTest {
    static Path weights() {
        return Path.of(System.getProperty("goldennoise.repo", ".")).resolve(BuiltinModelFiles.DEFAULT_DIR).resolve(BuiltinModelFiles.WEIGHTS);
    }

    @Test
    void shippedModelDrawsRecognisableSingleObjects() throws IOException {
        List<String> prompts = List.of("a red circle", "a blue square", "a green triangle", "a yellow circle",
                "a purple square", "a black triangle", "a red triangle", "a green square");
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            jobs.add(new ImagePipeline.Job(prompts.get(i), 1000 + i));
        }
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel model = BuiltinModelFiles.load(weights(), root)) {
            List<RgbImage> images = new ImagePipeline(model.asDiffusionModel(), SamplingDefaults.STEPS, SamplingDefaults.CFG, 8)
                    .generate(jobs, new StandardNoise(), root, n -> { });
            int correct = 0;
            StringBuilder failures = new StringBuilder();
            for (int i = 0; i < jobs.size(); i++) {
                CheckResult r = Checker.check(images.get(i), PromptParser.parse(prompts.get(i)));
                correct += r.correct() ? 1 : 0;
                if (!r.correct()) {
                    failures.append(prompts.get(i)).append(": ").append(r.failures()).append("; ");
                }
            }
            // an untrained or broken model gets none of these; the shipped one gets most (its single accuracy is in the README)
            assertTrue(correct >= 6, correct + " of 8 correct; " + failures);
        }
    }
}
