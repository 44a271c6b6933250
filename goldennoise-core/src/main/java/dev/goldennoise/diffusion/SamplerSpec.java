package dev.goldennoise.diffusion;

/**
 * Which sampler, and whether its timesteps follow Karras et al.'s σ spacing instead of the model's own spacing. The
 * model's {@link SchedulerSettings} supply everything else, so one spec means the same thing on every model.
 */
public record SamplerSpec(SamplerKind kind, boolean karras) {
    public static final SamplerSpec DDIM = new SamplerSpec(SamplerKind.DDIM, false);
    private static final double RHO = 7.0;

    /** {@code ddim}, {@code euler}, {@code dpmpp-2m}, each optionally followed by {@code :karras}. */
    public static SamplerSpec parse(String s) {
        String[] parts = s.trim().split(":", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equalsIgnoreCase("karras"))) {
            throw new IllegalArgumentException("unknown sampler '" + s + "'; use ddim, euler or dpmpp-2m, optionally with :karras");
        }
        return new SamplerSpec(SamplerKind.parse(parts[0]), parts.length == 2);
    }

    public String label() {
        return kind.key() + (karras ? ":karras" : "");
    }

    public Sampler create(DiffusionModel model, int steps) {
        int[] ts = timesteps(model.scheduler(), steps);
        CfgSampler guide = new CfgSampler(model.denoiser());
        return switch (kind) {
            case DDIM -> new DdimSampler(guide, new DdimScheduler(model.schedule(), ts, model.scheduler().setAlphaToOne()));
            case EULER -> new SigmaSampler(guide, model.schedule(), ts, false);
            case DPMPP_2M -> new SigmaSampler(guide, model.schedule(), ts, true);
        };
    }

    /**
     * The model's N timesteps, or with {@code karras} the σ of Karras et al. (ρ = 7) between the σ of the model's first
     * and last timestep, each snapped to the nearest training timestep (in log σ) and kept strictly descending: the
     * denoisers here take whole timesteps.
     */
    public int[] timesteps(SchedulerSettings settings, int steps) {
        int[] spaced = settings.timesteps(steps);
        if (!karras || steps == 1) {
            return spaced;
        }
        NoiseSchedule schedule = settings.schedule();
        double max = Math.pow(SigmaSampler.sigma(schedule, spaced[0]), 1 / RHO);
        double min = Math.pow(SigmaSampler.sigma(schedule, spaced[steps - 1]), 1 / RHO);
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            double target = Math.log(Math.pow(max + i / (steps - 1.0) * (min - max), RHO));
            int best = 0;
            for (int t = 1; t < schedule.trainSteps(); t++) {
                if (Math.abs(Math.log(SigmaSampler.sigma(schedule, t)) - target)
                        < Math.abs(Math.log(SigmaSampler.sigma(schedule, best)) - target)) {
                    best = t;
                }
            }
            out[i] = best;
        }
        // Karras σ crowd the clean end more densely than whole timesteps can follow: push crowded ones up, toward
        // the noisy end where the spacing is coarse
        for (int i = steps - 2; i >= 0; i--) {
            out[i] = Math.max(out[i], out[i + 1] + 1);
        }
        if (out[0] >= schedule.trainSteps()) {
            throw new IllegalArgumentException(steps + " Karras steps do not fit between timesteps " + spaced[steps - 1]
                    + " and " + spaced[0] + "; use fewer steps or drop :karras");
        }
        return out;
    }
}
