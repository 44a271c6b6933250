package dev.goldennoise.ranker;

import java.nio.file.Path;
import java.util.Map;

/**
 * How {@link RankerTrainer} runs: the network's shapes, groups per step, epochs, AdamW settings, the share of groups
 * held out, the seed of the split and the initialisation, where checkpoints and the weights go, and a description of
 * the data for the card.
 */
public record RankerTrainingOptions(RankerConfig config, int batch, int epochs, double lr, double weightDecay,
                                    double validationFraction, long seed, Path work, Path weights, Map<String, Object> data) {
    public RankerTrainingOptions {
        if (batch < 1 || epochs < 1) {
            throw new IllegalArgumentException("--batch and --epochs must be at least 1, got " + batch + " and " + epochs);
        }
        if (!(lr > 0) || Double.isInfinite(lr) || !(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--lr must be a positive number and --weight-decay a number ≥ 0, got " + lr + " and " + weightDecay);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be in (0, 1), got " + validationFraction);
        }
    }
}
