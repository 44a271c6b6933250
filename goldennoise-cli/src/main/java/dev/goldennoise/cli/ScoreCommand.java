package dev.goldennoise.cli;

import ai.djl.ndarray.NDManager;
import dev.goldennoise.eval.ManifestScoring;
import dev.goldennoise.score.CheckerScorer;
import dev.goldennoise.score.PreferenceModelFiles;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.score.Scorers;
import dev.goldennoise.util.Progress;
import dev.goldennoise.util.ProgressTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.LineNumberReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        header = "Score the images of a manifest with the learned scorers and the checker.",
        description = {"Score the images of a manifest (JSON lines with prompt and image, as generate writes",
                "manifest.jsonl): every line is written to --out with all its fields, plus one number per scorer",
                "named by the scorer. A bad line stops the command with its line number and writes nothing."})
public final class ScoreCommand implements Callable<Integer> {
    static final List<String> NAMES = List.of(Scorers.PREFERENCE, Scorers.JUDGE, "checker", "checker-partial");

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "JSON-lines file; image paths are relative to its folder.")
    Path manifest;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where the scored lines go (JSON lines).")
    Path out;

    @Option(names = "--scorers", split = ",", paramLabel = "NAME",
            description = "Comma list of preference, judge, checker, checker-partial (default: all four).")
    List<String> names = new ArrayList<>(NAMES);

    @Option(names = "--scorer-dir", paramLabel = "DIR",
            description = "Folder with preference.safetensors and judge.safetensors (default: models/scorer in the goldennoise folder).")
    Path scorerDir;

    @Override
    public Integer call() throws Exception {
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (String n : names) {
            String name = n.trim();
            if (!NAMES.contains(name)) {
                throw new UserError("unknown scorer '" + name + "' in --scorers; choose from " + String.join(", ", NAMES));
            }
            chosen.add(name);
        }
        if (manifest.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new UserError("--out names the manifest itself; write the scores to another file");
        }
        if (!Files.isRegularFile(manifest)) {
            throw new UserError("manifest " + manifest + " not found (a JSON-lines file with prompt and image fields)");
        }
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a folder; name a file, for example " + out.resolve("scores.jsonl"));
        }
        Path dir = scorerDir != null ? scorerDir : Home.dir().resolve(PreferenceModelFiles.DEFAULT_DIR);
        try (NDManager root = NDManager.newBaseManager()) {
            List<Scorer> scorers = new ArrayList<>();
            for (String name : chosen) {
                switch (name) {
                    case "checker" -> scorers.add(CheckerScorer.correct());
                    case "checker-partial" -> scorers.add(CheckerScorer.partial());
                    default -> scorers.add(Scorers.learned(name, dir.resolve(name + ".safetensors"), root));
                }
            }
            int n;
            try (ProgressTask bar = Progress.task("score", countLines(manifest), 0)) {
                n = ManifestScoring.score(manifest, out, scorers, bar::stepBy);
            }
            System.out.println("scored " + n + " images with " + String.join(", ", chosen) + "; wrote " + out);
        }
        return 0;
    }

    private static long countLines(Path file) throws IOException {
        try (LineNumberReader r = new LineNumberReader(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))) {
            while (r.readLine() != null) {
                // counting only
            }
            return r.getLineNumber();
        }
    }
}
