package dev.goldennoise.eval;

import dev.goldennoise.noise.NoiseStrategies;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.noise.StrategyContext;

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

    public String folder() {
        return folderFor(label);
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
