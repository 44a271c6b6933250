package dev.goldennoise.diffusion;

/** How a sampler picks its timesteps from the training steps, as diffusers' {@code timestep_spacing} names them. */
public enum TimestepSpacing {
    /** t = i·(T/N) + offset, counted from 0 upward (Stable Diffusion 1.x/2.x, SDXL). */
    LEADING,
    /** t = round(T − i·T/N) − 1, counted from T − 1 downward, so the first step starts from pure noise. */
    TRAILING;

    public static TimestepSpacing parse(String s) {
        return switch (s.toLowerCase()) {
            case "leading" -> LEADING;
            case "trailing" -> TRAILING;
            default -> throw new IllegalArgumentException("unknown timestep spacing '" + s + "'; use leading or trailing");
        };
    }
}
