package dev.goldennoise.diffusion;

/** How a sampler picks its timesteps from the training steps, as diffusers' {@code timestep_spacing} names them. */
public enum TimestepSpacing {
    /** t = i·(T/N) + offset, counted from 0 upward (Stable Diffusion 1.x/2.x, SDXL). */
    LEADING,
    /** t = round(T − i·T/N) − 1, counted from T − 1 downward, so the first step starts from pure noise. */
    TRAILING,
    /** N evenly spaced timesteps from 0 to T − 1, both included, rounded to the nearest step. */
    LINSPACE;

    public static TimestepSpacing parse(String s) {
        return switch (s.toLowerCase()) {
            case "leading" -> LEADING;
            case "trailing" -> TRAILING;
            case "linspace" -> LINSPACE;
            default -> throw new IllegalArgumentException("unknown timestep spacing '" + s + "'; use leading, trailing or linspace");
        };
    }

    /** The N timesteps, noisiest first. */
    int[] timesteps(int train, int steps, int offset) {
        int[] ts = new int[steps];
        for (int i = 0; i < steps; i++) {
            ts[i] = switch (this) {
                case LEADING -> (steps - 1 - i) * (train / steps) + offset;
                case TRAILING -> (int) Math.round(train - i * (double) train / steps) - 1;
                // numpy's linspace(0, T-1, N).round() rounds halves to even, as Math.rint does
                case LINSPACE -> (int) Math.rint(steps == 1 ? 0 : (train - 1) * (double) (steps - 1 - i) / (steps - 1));
            };
        }
        return ts;
    }
}
