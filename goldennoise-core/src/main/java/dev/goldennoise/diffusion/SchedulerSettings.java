package dev.goldennoise.diffusion;

/**
 * How a model's samplers choose their timesteps, as a diffusers scheduler config states it: the training noise
 * schedule, the timestep spacing, the offset added to leading timesteps, and whether the step after the last one
 * lands on ᾱ = 1 (set_alpha_to_one) or on ᾱ of timestep 0. An export carries its own; the built-in model uses
 * Stable Diffusion's (leading, offset 1, ᾱ of timestep 0), and every sampler and teacher reads it from the model.
 */
public record SchedulerSettings(NoiseSchedule schedule, TimestepSpacing spacing, int stepsOffset, boolean setAlphaToOne) {
    public static SchedulerSettings standard(NoiseSchedule schedule) {
        return new SchedulerSettings(schedule, TimestepSpacing.LEADING, 1, false);
    }

    /** The timesteps of an N-step sampler, noisiest first. */
    public int[] timesteps(int steps) {
        int train = schedule.trainSteps();
        if (steps < 1 || steps > train) {
            throw new IllegalArgumentException("steps must be between 1 and " + train + ", got " + steps);
        }
        int[] ts = spacing.timesteps(train, steps, stepsOffset);
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] < 0 || ts[i] >= train || (i > 0 && ts[i] >= ts[i - 1])) {
                throw new IllegalArgumentException(steps + " " + spacing.name().toLowerCase() + " steps with offset " + stepsOffset
                        + " leave the " + train + " training timesteps or repeat one; use fewer steps");
            }
        }
        return ts;
    }

    public DdimScheduler ddim(int steps) {
        return new DdimScheduler(schedule, timesteps(steps), setAlphaToOne);
    }
}
