package dev.goldennoise.eval;

import dev.goldennoise.world.RgbImage;

import java.util.Map;

/**
 * One item of {@code explain}: its initial noise and the strategy's, the layout each one "promises" (the model's
 * predicted clean image x̂₀ at the first sampling step), the final images with the checker's verdicts (null where the
 * checker does not apply), and Δ for the same x_T under other prompts (what the text contributes).
 */
public record ExplainItem(String prompt, String category, long seed, float[] xT, float[] golden,
                          RgbImage promisedStandard, RgbImage promisedGolden, RgbImage finalStandard, RgbImage finalGolden,
                          Boolean correctStandard, Boolean correctGolden, Map<String, float[]> deltaUnderOtherPrompts) {
}
