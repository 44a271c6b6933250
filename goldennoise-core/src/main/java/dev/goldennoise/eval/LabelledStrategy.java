package dev.goldennoise.eval;

import dev.goldennoise.io.FileDigest;
import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StrategyContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A strategy under evaluation with the label that names it in reports and in the image cache. */
public record LabelledStrategy(String label, NoiseStrategy strategy) {
    public static final String BASELINE = "standard";

    /** The label as a folder name: a strategy given as {@code npnet:runs/x.safetensors} must not make nested folders. */
    public static String folderFor(String label) {
        return label.replaceAll("[^A-Za-z0-9._=:#+-]", "_");
    }

    /**
     * The folder of this strategy's cached images: the readable label, then a digest of the exact label and of every
     * weight file the strategy reads. Two labels that read alike as folder names ({@code npnet:/a/b/n.safetensors},
     * {@code npnet:/a/b_n.safetensors}) get different folders, and retrained weights at the same path get a new
     * folder instead of the old images.
     */
    public String folder() throws IOException {
        StringBuilder identity = new StringBuilder(label);
        for (String digest : weightDigests(strategy)) {
            identity.append('\n').append(digest);
        }
        return folderFor(label) + "-" + FileDigest.sha256(identity.toString()).substring(0, 12);
    }

    /** SHA-256 of every weight file the strategy reads, in its order. */
    public static List<String> weightDigests(NoiseStrategy strategy) throws IOException {
        List<String> digests = new ArrayList<>();
        for (Path file : strategy.weightFiles()) {
            digests.add(FileDigest.sha256(file));
        }
        return digests;
    }

    /** The digests of the strategy's weights as an image's provenance names them: comma-separated, null when none. */
    public static String noiseDigest(NoiseStrategy strategy) throws IOException {
        List<String> digests = weightDigests(strategy);
        return digests.isEmpty() ? null : String.join(",", digests);
    }

    /**
     * Strategies from {@code --noise} names. The baseline {@value #BASELINE} always comes first (moved there, or added
     * when missing), because every comparison is against it. A name listed again gets the label {@code name#2},
     * {@code name#3}, …: comparing a strategy with itself is how the statistics are checked (it must tie everywhere).
     */
    public static List<LabelledStrategy> fromNames(List<String> names, StrategyContext context) {
        List<String> ordered = new ArrayList<>();
        names.forEach(n -> ordered.add(n.trim()));
        if (ordered.isEmpty() || !ordered.get(0).equals(BASELINE)) {
            ordered.remove(BASELINE);
            ordered.add(0, BASELINE);
        }
        Map<String, Integer> counts = new HashMap<>();
        List<LabelledStrategy> out = new ArrayList<>();
        for (String name : ordered) {
            NoiseStrategy strategy = NoiseStrategies.byName(name, context);
            int k = counts.merge(name, 1, Integer::sum);
            out.add(new LabelledStrategy(k == 1 ? name : name + "#" + k, strategy));
        }
        return List.copyOf(out);
    }
}
