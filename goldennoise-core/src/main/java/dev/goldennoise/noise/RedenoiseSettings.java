package dev.goldennoise.noise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of re-denoise sampling and their spelling on the command line:
 * {@code redenoise:wl=5.5:ww=1:steps=10:inversion=exact} (colons, because
 * {@code --noise} lists are comma-separated). Omitted keys take the built-in model's defaults.
 *
 * @param denoiseCfg    ω_l, the guidance of the denoising step
 * @param inversionCfg  ω_w, the guidance of the inversion step
 * @param scheduleSteps N of the DDIM schedule whose first two timesteps the step goes between (the paper: 10)
 * @param inversion     which inversion step follows, see {@link InversionConvention}
 */
public record RedenoiseSettings(double denoiseCfg, double inversionCfg, int scheduleSteps, InversionConvention inversion) {
    public static final String NAME = "redenoise";

    /** The built-in model's defaults, chosen by the sweep in docs/GOLDEN_NOISE.md. */
    public static RedenoiseSettings defaults() {
        return new RedenoiseSettings(5.5, 1.0, 10, InversionConvention.EXACT);
    }

    public RedenoiseSettings {
        if (scheduleSteps < 2) {
            throw new IllegalArgumentException("re-denoise steps must be at least 2 (it needs a second timestep), got " + scheduleSteps);
        }
        if (inversion == InversionConvention.OFFICIAL && scheduleSteps < 3) {
            throw new IllegalArgumentException("the official inversion goes to t−2Δ and needs steps of at least 3, got " + scheduleSteps);
        }
        if (!Double.isFinite(denoiseCfg) || !Double.isFinite(inversionCfg)) {
            throw new IllegalArgumentException("re-denoise guidance scales must be finite numbers");
        }
    }

    /** Parses {@code redenoise} or {@code redenoise:key=value:...}; keys wl, ww, steps, inversion. */
    public static RedenoiseSettings parse(String spec) {
        StrategyOptions o = StrategyOptions.parse(spec, NAME, "re-denoise", List.of("wl", "ww", "steps", "inversion"));
        RedenoiseSettings d = defaults();
        String inversion = o.text("inversion", null);
        return new RedenoiseSettings(o.number("wl", d.denoiseCfg), o.number("ww", d.inversionCfg),
                o.integer("steps", d.scheduleSteps), inversion == null ? d.inversion : InversionConvention.parse(inversion));
    }

    /** The canonical spelling, written to manifests and reports. */
    public String spec() {
        return NAME + ":wl=" + StrategyOptions.format(denoiseCfg) + ":ww=" + StrategyOptions.format(inversionCfg) + ":steps=" + scheduleSteps + ":inversion=" + inversion.key();
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("denoise_cfg", denoiseCfg);
        m.put("inversion_cfg", inversionCfg);
        m.put("schedule_steps", scheduleSteps);
        m.put("inversion", inversion.key());
        return m;
    }
}
