package dev.goldennoise.score;

import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scorers an evaluation uses by default: the exact checker (verdict and partial score) and, where their
 * weights exist, the learned preference scorer and the independent judge.
 */
public final class Scorers {
    public static final String PREFERENCE = "preference";
    public static final String JUDGE = "judge";

    private Scorers() {}

    /** @param scorerDir folder holding {@code preference.safetensors} and {@code judge.safetensors} */
    public static List<Scorer> defaults(Path scorerDir, NDManager manager) throws IOException {
        List<Scorer> out = new ArrayList<>(List.of(CheckerScorer.correct(), CheckerScorer.partial()));
        for (String kind : List.of(PREFERENCE, JUDGE)) {
            Path file = scorerDir.resolve(kind + ".safetensors");
            if (Files.exists(file)) {
                out.add(learned(kind, file, manager));
            }
        }
        return out;
    }

    public static PreferenceScorer learned(String name, Path file, NDManager manager) throws IOException {
        return new PreferenceScorer(name, PreferenceModelFiles.load(file, manager), manager);
    }
}
