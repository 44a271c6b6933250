package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.model.builtin.BuiltinModel;
import dev.goldennoise.noise.ImagePipeline;
import dev.goldennoise.noise.StandardNoise;
import dev.goldennoise.util.Progress;
import dev.goldennoise.world.Category;
import dev.goldennoise.world.CheckResult;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.PromptSets;
import dev.goldennoise.world.RgbImage;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a picture grid on the built-in model for evaluation prompts of every category,",
                "check every image with the exact checker, and print the verdicts."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;

    @Option(names = "--prompts-per-category", defaultValue = "2", description = "Rows per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--seeds", defaultValue = "0-5", description = "Seeds, one column each (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Long> seedList = SeedList.parse(seeds);
        OutputFolder.prepare(out);
        List<String> prompts = new ArrayList<>();
        for (Category c : Category.values()) {
            prompts.addAll(PromptSets.evaluationSet(c, perCategory));
        }
        List<ImagePipeline.Job> jobs = new ArrayList<>();
        for (String p : prompts) {
            for (long s : seedList) {
                jobs.add(new ImagePipeline.Job(p, s));
            }
        }
        List<RgbImage> images;
        try (NDManager root = NDManager.newBaseManager(); BuiltinModel m = model.load(root)) {
            ImagePipeline pipeline = sampling.pipeline(m.asDiffusionModel());
            try (ProgressBar bar = Progress.bar("demo", jobs.size(), 0)) {
                images = pipeline.generate(jobs, new StandardNoise(), root, bar::stepTo);
            }
        }
        List<List<ImageGrid.Cell>> rows = new ArrayList<>();
        int correct = 0;
        System.out.printf("%-50s %s%n", "prompt", "checker verdict per seed " + seedList);
        for (int r = 0; r < prompts.size(); r++) {
            List<ImageGrid.Cell> row = new ArrayList<>();
            StringBuilder verdicts = new StringBuilder();
            for (int c = 0; c < seedList.size(); c++) {
                RgbImage img = images.get(r * seedList.size() + c);
                CheckResult res = Checker.check(img, PromptParser.parse(prompts.get(r)));
                row.add(new ImageGrid.Cell(img, res.correct()));
                verdicts.append(res.correct() ? " ok  " : " --  ");
                correct += res.correct() ? 1 : 0;
            }
            rows.add(row);
            System.out.printf("%-50s%s%n", prompts.get(r), verdicts);
        }
        Path grid = out.resolve("grid.png");
        ImageGrid.write(grid, prompts, rows);
        System.out.printf("%d of %d images satisfy their prompt (exact checker); grid: %s%n", correct, jobs.size(), grid);
        return 0;
    }
}
