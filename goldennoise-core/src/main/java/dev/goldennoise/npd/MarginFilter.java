package dev.goldennoise.npd;

import java.util.ArrayList;
import java.util.List;

/**
 * NPNet's data filter: a pair is worth learning from only if its golden noise gave a clearly better image, that is
 * s_0 + m &lt; s'_0 in the paper's notation. The paper does not give m; the official code uses m = 0.
 */
public final class MarginFilter {
    private MarginFilter() {}

    /** The pairs with {@code originalScore + m < optimizedScore}, in their order; NaN scores never pass. */
    public static List<NoisePair> filterByMargin(List<NoisePair> pairs, double m) {
        if (Double.isNaN(m)) {
            throw new IllegalArgumentException("the margin must be a number");
        }
        List<NoisePair> out = new ArrayList<>();
        for (NoisePair p : pairs) {
            // written as the paper's inequality rather than margin() > m, so borderline pairs round the same way
            if (p.originalScore() + m < p.optimizedScore()) {
                out.add(p);
            }
        }
        return out;
    }
}
