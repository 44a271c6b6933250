package dev.goldennoise.serve;

import java.util.List;

/**
 * What a vote's id names: a single image (voted {@code up} or {@code down}) or a comparison (voted {@code first},
 * {@code second} or {@code same}), with what is needed to read the vote as golden against control.
 *
 * @param arm a single image's arm; null for a comparison
 * @param goldenFirst for a comparison, whether golden was shown first
 */
public record VoteTarget(boolean comparison, Arm arm, boolean goldenFirst) {
    public static final List<String> IMAGE_CHOICES = List.of("up", "down");
    public static final List<String> COMPARISON_CHOICES = List.of("first", "second", "same");

    public List<String> choices() {
        return comparison ? COMPARISON_CHOICES : IMAGE_CHOICES;
    }

    /** A comparison vote as golden's score: 1 golden picked, 0.5 the same, 0 control picked. */
    public double goldenScore(String choice) {
        return switch (choice) {
            case "same" -> 0.5;
            case "first" -> goldenFirst ? 1 : 0;
            case "second" -> goldenFirst ? 0 : 1;
            default -> throw new IllegalArgumentException("'" + choice + "' is not a comparison vote");
        };
    }
}
