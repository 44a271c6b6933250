package dev.goldennoise.npnet;

import java.nio.file.Path;
import java.util.Map;

/**
 * How train-npnet trains: the official settings (AdamW, lr 1e-4, weight decay 0.01, batch 64, a 90/10 split) by
 * default, epochs chosen by the caller.
 *
 * @param work    folder of the resumable checkpoint and the per-epoch history
 * @param weights where the final weights go (their card beside them)
 * @param data    a description of the training data, copied into the card
 * @param init    weights to start from (fine-tuning), or null to start from the seed's initialisation
 */
public record NpnetTrainingOptions(NpnetConfig config, int epochs, int batch, double lr, double weightDecay,
                                   double validationFraction, long seed, Path work, Path weights, Map<String, Object> data,
                                   Path init) {
    /** Training from the seed's initialisation. */
    public NpnetTrainingOptions(NpnetConfig config, int epochs, int batch, double lr, double weightDecay,
                                double validationFraction, long seed, Path work, Path weights, Map<String, Object> data) {
        this(config, epochs, batch, lr, weightDecay, validationFraction, seed, work, weights, data, null);
    }

    public NpnetTrainingOptions {
        if (epochs < 1 || batch < 1) {
            throw new IllegalArgumentException("--epochs and --batch must be at least 1");
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be between 0 and 1, got " + validationFraction);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + lr);
        }
    }
}
