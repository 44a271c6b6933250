package dev.goldennoise.eval;

/**
 * What a strategy costs per image: measured wall time (generation only, without scoring or file writes), denoiser
 * evaluations (the machine-independent measure), and the extra time over the baseline in percent.
 */
public record StrategyCost(int images, double seconds, double secondsPerImage, int denoiserCallsPerImage,
                           double extraTimePercent) {
    public static StrategyCost of(double[] imageSeconds, int denoiserCallsPerImage, double baselineSecondsPerImage) {
        double total = 0;
        for (double s : imageSeconds) {
            total += s;
        }
        double per = imageSeconds.length == 0 ? 0 : total / imageSeconds.length;
        double extra = baselineSecondsPerImage > 0 ? 100 * (per / baselineSecondsPerImage - 1) : 0;
        return new StrategyCost(imageSeconds.length, total, per, denoiserCallsPerImage, extra);
    }
}
