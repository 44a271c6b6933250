package dev.goldennoise.eval;

/**
 * One strategy against the baseline, as a decision needs it: the gain on the primary metric with its interval, the
 * strict win rates on the primary metric and on the independent judge, what the strategy costs on top of the
 * baseline, what one extra correct image costs, and the {@link Verdict}.
 *
 * @param judge                   the judge's comparison, or null when there is no independent judge
 * @param extraCorrectPer100      100 × gain for a 0/1 primary metric (extra accepted images per 100), NaN otherwise
 * @param secondsPerExtraCorrect  extra seconds spent per additional correct image, NaN unless the gain is a positive
 *                                gain in accuracy
 * @param callsPerExtraCorrect    the same in denoiser evaluations
 */
public record StrategyAnswer(String label, String primary, PairedGain gain, PairedComparison primaryComparison,
                             PairedComparison judge, double extraSecondsPerImage, double extraTimePercent,
                             int extraDenoiserCallsPerImage, double extraCorrectPer100, double secondsPerExtraCorrect,
                             double callsPerExtraCorrect, Verdict verdict) {

    static StrategyAnswer of(String label, String primary, PairedGain gain, PairedComparison primaryComparison,
                             PairedComparison judge, boolean primaryIsTraining, StrategyCost cost, StrategyCost base) {
        double extraSeconds = cost.secondsPerImage() - base.secondsPerImage();
        int extraCalls = cost.denoiserCallsPerImage() - base.denoiserCallsPerImage();
        boolean accuracy = gain.binary();
        boolean pays = accuracy && gain.gain() > 0;
        return new StrategyAnswer(label, primary, gain, primaryComparison, judge, extraSeconds, cost.extraTimePercent(),
                extraCalls, accuracy ? 100 * gain.gain() : Double.NaN, pays ? Math.max(0, extraSeconds) / gain.gain() : Double.NaN,
                pays ? extraCalls / gain.gain() : Double.NaN, Verdict.of(gain, judge, primaryIsTraining));
    }
}
