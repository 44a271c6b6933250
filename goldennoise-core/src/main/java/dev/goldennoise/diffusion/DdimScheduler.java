package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import dev.goldennoise.tensor.Scalars;

/**
 * Deterministic DDIM (η = 0) over a {@link NoiseSchedule}: a descending list of timesteps, a {@link #step} that goes
 * one timestep down, and an {@link #invert} that goes one timestep up. With the same predicted noise, invert is the
 * exact inverse of step, which re-denoise sampling relies on.
 */
public final class DdimScheduler {
    private final NoiseSchedule schedule;
    private final int[] timesteps;
    /** ᾱ used after the last step, where no timestep remains: diffusers' set_alpha_to_one. */
    private final double finalAlphaCumprod;

    public DdimScheduler(NoiseSchedule schedule, int steps, TimestepSpacing spacing, int stepsOffset, boolean setAlphaToOne) {
        this(schedule, new SchedulerSettings(schedule, spacing, stepsOffset, setAlphaToOne).timesteps(steps), setAlphaToOne);
    }

    /** Over any strictly descending timesteps (Karras-spaced ones, for instance). */
    public DdimScheduler(NoiseSchedule schedule, int[] timesteps, boolean setAlphaToOne) {
        if (timesteps.length == 0) {
            throw new IllegalArgumentException("a sampler needs at least one timestep");
        }
        this.schedule = schedule;
        this.timesteps = timesteps.clone();
        this.finalAlphaCumprod = setAlphaToOne ? 1.0 : schedule.alphaCumprod(0);
    }

    /** The built-in model's sampler: leading spacing with offset 1, as Stable Diffusion's pipelines use. */
    public static DdimScheduler standard(NoiseSchedule schedule, int steps) {
        return SchedulerSettings.standard(schedule).ddim(steps);
    }

    /**
     * A lookahead into this schedule: its first {@code k} timesteps, the last of which steps straight to the end, so the
     * result is the clean latent the model predicts after k steps: a cheaper stand-in for the whole sampling when noises
     * are compared. On the built-in model half the steps rank noises nearly as the final image does, a fifth of them
     * much less well (docs/GOLDEN_NOISE.md, lookahead search).
     */
    public DdimScheduler firstSteps(int k) {
        if (k < 1 || k > timesteps.length) {
            throw new IllegalArgumentException("a lookahead runs 1 to " + timesteps.length + " of the schedule's steps, got " + k);
        }
        return new DdimScheduler(schedule, Arrays.copyOf(timesteps, k), finalAlphaCumprod);
    }

    private DdimScheduler(NoiseSchedule schedule, int[] timesteps, double finalAlphaCumprod) {
        this.schedule = schedule;
        this.timesteps = timesteps;
        this.finalAlphaCumprod = finalAlphaCumprod;
    }

    /** Timesteps from noisiest to cleanest. */
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The timestep after {@code t} in this schedule, or −1 after the last one. */
    public int previous(int t) {
        for (int i = 0; i < timesteps.length; i++) {
            if (timesteps[i] == t) {
                return i + 1 < timesteps.length ? timesteps[i + 1] : -1;
            }
        }
        throw new IllegalArgumentException("timestep " + t + " is not in this schedule");
    }

    public double alphaCumprod(int t) {
        return t < 0 ? finalAlphaCumprod : schedule.alphaCumprod(t);
    }

    /** x_t → x_{prev}: predict x_0 from ε, then re-noise it to the earlier timestep along the same ε. */
    public NDArray step(NDArray xt, NDArray eps, int t, int prev) {
        return move(xt, eps, alphaCumprod(t), alphaCumprod(prev));
    }

    /** x_{prev} → x_t: the inverse of {@link #step} for the same ε (DDIM inversion). */
    public NDArray invert(NDArray xPrev, NDArray eps, int prev, int t) {
        return move(xPrev, eps, alphaCumprod(prev), alphaCumprod(t));
    }

    private static NDArray move(NDArray x, NDArray eps, double aFrom, double aTo) {
        // x_to = sqrt(a_to)·x0 + sqrt(1-a_to)·eps, with x0 = (x - sqrt(1-a_from)·eps)/sqrt(a_from), folded into two terms
        double cx = Math.sqrt(aTo / aFrom);
        double ce = Math.sqrt(1 - aTo) - Math.sqrt(aTo) * Math.sqrt(1 - aFrom) / Math.sqrt(aFrom);
        return Scalars.times(x, cx).add(Scalars.times(eps, ce));
    }
}
