package dev.goldennoise.diffusion;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Timesteps against what diffusers' schedulers publish for the real configs (public facts of their
 * scheduler_config.json files): SD 1.5, SD 2.1 and SDXL are leading with steps_offset 1, SD-Turbo and SDXL-Turbo are
 * trailing with offset 0; linspace is DDIM's third option.
 */
class SchedulerSettingsTest {
    private static final NoiseSchedule SD = NoiseSchedule.stableDiffusion();
    private static final SchedulerSettings LEADING = new SchedulerSettings(SD, TimestepSpacing.LEADING, 1, false);
    private static final SchedulerSettings TRAILING = new SchedulerSettings(SD, TimestepSpacing.TRAILING, 0, false);
    private static final SchedulerSettings LINSPACE = new SchedulerSettings(SD, TimestepSpacing.LINSPACE, 0, false);

    @Test
    void stableDiffusionLeadingSpacing() {
        // SD 1.5 / 2.1 DDIM, 50 steps: 981, 961, ..., 21, 1
        assertArrayEquals(IntStream.range(0, 50).map(i -> 981 - 20 * i).toArray(), LEADING.timesteps(50));
        assertArrayEquals(new int[] {751, 501, 251, 1}, LEADING.timesteps(4));
        // SDXL, 30 steps: step ratio 1000 // 30 = 33, so 958, 925, ..., 1
        assertArrayEquals(IntStream.range(0, 30).map(i -> 958 - 33 * i).toArray(), LEADING.timesteps(30));
    }

    @Test
    void turboTrailingSpacing() {
        assertArrayEquals(new int[] {999}, TRAILING.timesteps(1));
        assertArrayEquals(new int[] {999, 749, 499, 249}, TRAILING.timesteps(4));
    }

    @Test
    void linspaceSpacing() {
        assertArrayEquals(new int[] {999, 666, 333, 0}, LINSPACE.timesteps(4));
        assertArrayEquals(new int[] {999, 0}, LINSPACE.timesteps(2));
        assertArrayEquals(new int[] {0}, LINSPACE.timesteps(1));
    }

    @Test
    void stepsOutsideTheTrainingRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LEADING.timesteps(0));
        assertThrows(IllegalArgumentException.class, () -> LEADING.timesteps(1001));
        assertThrows(IllegalArgumentException.class, () -> LEADING.timesteps(1000), "offset 1 pushes the last step to 1000");
    }

    @Test
    void aModelsDdimUsesItsOwnSettings() {
        DiffusionModel turbo = new DiffusionModel("x", null, null, null, null, TRAILING, false);
        assertArrayEquals(new int[] {999, 749, 499, 249}, turbo.ddim(4).timesteps());
        DiffusionModel builtin = new DiffusionModel("y", null, null, null, null, SD);
        assertArrayEquals(new int[] {751, 501, 251, 1}, builtin.ddim(4).timesteps());
    }
}
