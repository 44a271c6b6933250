package dev.goldennoise.cli;

import dev.goldennoise.eval.EvaluationItem;
import dev.goldennoise.eval.LabelledStrategy;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.world.Checker;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.RgbImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Standard noise against golden noise on the built-in model, side by side.",
        description = {"Standard noise against golden noise on the built-in model: evaluation prompts of",
                "every category, each with every seed, made from the same initial noises both ways;",
                "prints the win-rate table of every scorer, writes the HTML report and a side-by-side",
                "picture grid (standard, then golden, per seed; framed green when the exact checker",
                "accepts the image). A small run of evaluate: see its help for the statistics."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin ModelOption model;
    @Mixin SamplingOptions sampling;
    @Mixin PolicyOption policy;
    @Mixin RngOption rng;

    @Option(names = "--prompts-per-category", paramLabel = "N", defaultValue = "3", description = "Prompts per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0-5", description = "Seeds of every prompt, each mixed with the prompt so that every image has its own noise (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--noise", paramLabel = "NAME", defaultValue = "npnet",
            description = "The golden-noise strategy set against standard (default: ${DEFAULT-VALUE}).",
            completionCandidates = GenerateCommand.NoiseNames.class)
    String golden;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (model.isExport()) {
            throw new UserError("demo shows the built-in model on the shapes world's prompts; for an export run evaluate with --prompts-file and --external-scorer (docs/SDXL.md)");
        }
        List<String> args = new ArrayList<>(List.of("--prompt-set", "standard", "--per-category", String.valueOf(perCategory),
                // every item its own noise, so that the comparison is not over as few noises as there are seeds
                "--seeds", seeds, "--distinct-noises", "--noise", "standard," + golden, "--out", out.toString(), "--sample", "24",
                "--steps", String.valueOf(sampling.steps), "--sampler", sampling.sampler, "--cfg", String.valueOf(sampling.cfg)));
        if (sampling.batch != null) {
            args.addAll(List.of("--batch", String.valueOf(sampling.batch)));
        }
        if (model.model != null) {
            args.addAll(List.of("--model", model.model.toString()));
        }
        args.addAll(policy.arguments());
        args.addAll(rng.arguments());
        EvaluateCommand evaluate = new EvaluateCommand();
        CommandLine cl = new CommandLine(evaluate);
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        cl.parseArgs(args.toArray(String[]::new));
        evaluate.call();

        List<String> prompts = CheckCommand.promptSet("standard", perCategory);
        List<Long> seedList = SeedList.parse(seeds);
        List<EvaluationItem> items = evaluate.items;
        List<String> labels = new ArrayList<>();
        List<List<ImageGrid.Cell>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        String goldenLabel = golden.trim();
        for (int p = 0; p < prompts.size(); p++) {
            List<ImageGrid.Cell> row = new ArrayList<>();
            int j = 0;
            for (int i = 0; i < items.size(); i++) {
                EvaluationItem item = items.get(i);
                if (item.promptIndex() != p) {
                    continue;
                }
                long seed = seedList.get(j++);
                for (String label : List.of("standard", goldenLabel)) {
                    if (p == 0) {
                        columns.add("seed " + seed + ": " + label);
                    }
                    RgbImage image = evaluate.generated.images().get(label).get(i);
                    row.add(new ImageGrid.Cell(image, Checker.check(image, PromptParser.parse(item.prompt())).correct()));
                }
            }
            labels.add(prompts.get(p));
            rows.add(row);
        }
        Path grid = out.resolve("side-by-side.png");
        // the grid carries what made its images: every prompt (one a line), the seeds, both strategies
        List<String> noises = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (LabelledStrategy s : evaluate.strategies) {
            noises.add(s.strategy().name());
            digests.addAll(LabelledStrategy.weightDigests(s.strategy()));
        }
        AtomicFiles.write(grid, evaluate.imageProvenance.png(ImageGrid.draw(columns, labels, rows), String.join("\n", labels),
                seeds, String.join(",", noises), digests.isEmpty() ? null : String.join(",", digests)));
        spec.commandLine().getOut().printf("side by side (per seed: standard, then %s): %s%n", goldenLabel, grid);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
