package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DdimSchedulerTest {
    private final NoiseSchedule sd = NoiseSchedule.stableDiffusion();

    @Test
    void scheduleMatchesClosedForm() {
        // scaled-linear: beta_i = (sqrt(b0) + i/(T-1)·(sqrt(b1) - sqrt(b0)))², alpha-bar = Π(1 - beta)
        double prod = 1;
        for (int i = 0; i < 1000; i++) {
            double s = Math.sqrt(0.00085) + i / 999.0 * (Math.sqrt(0.012) - Math.sqrt(0.00085));
            prod *= 1 - s * s;
            assertEquals(prod, sd.alphaCumprod(i), 1e-12);
        }
        // published values of Stable Diffusion's schedule
        assertEquals(0.99915, sd.alphaCumprod(0), 1e-9);
        assertEquals(0.0047, sd.alphaCumprod(999), 1e-4);
    }

    @Test
    void leadingAndTrailingSpacingMatchDiffusers() {
        assertArrayEquals(new int[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1},
                DdimScheduler.standard(sd, 10).timesteps());
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
                new DdimScheduler(sd, 10, TimestepSpacing.TRAILING, 0, false).timesteps());
        assertArrayEquals(new int[] {999, 666, 332},
                new DdimScheduler(sd, 3, TimestepSpacing.TRAILING, 0, false).timesteps());
        assertEquals(20, DdimScheduler.standard(sd, 20).timesteps().length);
        assertThrows(IllegalArgumentException.class, () -> DdimScheduler.standard(sd, 0));
    }

    @Test
    void invertUndoesStep() {
        DdimScheduler s = DdimScheduler.standard(sd, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(Seeds.gaussian(1, 2 * 4 * 8 * 8), new Shape(2, 4, 8, 8));
            NDArray eps = m.create(Seeds.gaussian(2, 2 * 4 * 8 * 8), new Shape(2, 4, 8, 8));
            for (int t : s.timesteps()) {
                int prev = s.previous(t);
                NDArray down = s.step(x, eps, t, prev);
                NDArray back = s.invert(down, eps, prev, t);
                assertEquals(0, back.sub(x).abs().max().getFloat(), 1e-4, "t=" + t);
            }
        }
    }

    @Test
    void stepWithTrueNoiseRecoversTheCleanSample() {
        // x_t built from x0 and eps by the forward process; one step to the end (t_prev = -1, alpha = 1) gives x0 back
        DdimScheduler s = new DdimScheduler(sd, 1, TimestepSpacing.TRAILING, 0, true);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = m.create(Seeds.gaussian(5, 64), new Shape(1, 4, 4, 4));
            NDArray eps = m.create(Seeds.gaussian(6, 64), new Shape(1, 4, 4, 4));
            int t = 700;
            double a = sd.alphaCumprod(t);
            NDArray xt = x0.mul(Math.sqrt(a)).add(eps.mul(Math.sqrt(1 - a)));
            assertEquals(0, s.step(xt, eps, t, -1).sub(x0).abs().max().getFloat(), 1e-4);
        }
    }

    @Test
    void aLookaheadIsTheScheduleCutShortThenStepsToTheCleanLatent() {
        DdimScheduler full = DdimScheduler.standard(sd, 10);
        DdimScheduler lookahead = full.firstSteps(3);
        assertArrayEquals(new int[] {901, 801, 701}, lookahead.timesteps());
        assertEquals(-1, lookahead.previous(701));
        assertEquals(full.alphaCumprod(-1), lookahead.alphaCumprod(-1), 0);
        assertArrayEquals(full.timesteps(), full.firstSteps(10).timesteps());
        // the lookahead's last step is the x_0 prediction: x_t - sqrt(1-a)·eps over sqrt(a), re-noised to the final ᾱ
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Seeds.noise(m, java.util.List.of(3L), new Shape(4, 2, 2));
            NDArray eps = Seeds.noise(m, java.util.List.of(4L), new Shape(4, 2, 2));
            double a = sd.alphaCumprod(701);
            double af = lookahead.alphaCumprod(-1);
            NDArray x0 = x.sub(eps.mul(Math.sqrt(1 - a))).div(Math.sqrt(a));
            NDArray expected = x0.mul(Math.sqrt(af)).add(eps.mul(Math.sqrt(1 - af)));
            assertArrayEquals(expected.toFloatArray(), lookahead.step(x, eps, 701, lookahead.previous(701)).toFloatArray(), 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> full.firstSteps(0));
        assertThrows(IllegalArgumentException.class, () -> full.firstSteps(11));
    }
}
