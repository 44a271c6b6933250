package dev.goldennoise.noise;

/**
 * Which DDIM inversion re-denoise sampling applies after its denoising step from t to t−Δ (spec §1.2).
 */
public enum InversionConvention {
    /** Inverts the step just taken: from ᾱ[t−Δ] back to ᾱ[t], so x_T' lies at the level x_T came from. */
    EXACT,
    /**
     * What the official collection code computes with diffusers ≥ 0.22: {@code inv_scheduler.step(ε_w, timesteps[1],
     * x_{T-1})} maps from ᾱ[t−2Δ] to ᾱ[t−Δ], one step further down than the step it undoes. Kept to reproduce the
     * released data; its output is not at the noise level of x_T.
     */
    OFFICIAL;

    public static InversionConvention parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "exact" -> EXACT;
            case "official" -> OFFICIAL;
            default -> throw new IllegalArgumentException("inversion must be exact or official, got '" + s + "'");
        };
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
