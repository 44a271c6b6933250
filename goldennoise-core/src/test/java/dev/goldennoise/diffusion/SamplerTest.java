package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sampler against closed forms on denoisers whose answer is known, and against DDIM where they coincide. */
class SamplerTest {
    private static final Shape LATENT = new Shape(2, 4, 4);
    private static final NoiseSchedule SD = NoiseSchedule.stableDiffusion();
    private static final SchedulerSettings SETTINGS = SchedulerSettings.standard(SD);
    private static final SchedulerSettings TO_ONE = new SchedulerSettings(SD, TimestepSpacing.LEADING, 1, true);

    private static PromptEmbedding embedding(NDManager m) {
        return new PromptEmbedding(m.zeros(new Shape(2, 3, 5)), m.zeros(new Shape(2, 2)));
    }

    private static DiffusionModel model(Denoiser d, SchedulerSettings s) {
        return new DiffusionModel("stub", null, d, null, LATENT, s, false);
    }

    /** The ideal ε-predictor when all data is one point x0*: ε = (x_t − √ᾱ·x0*)/√(1 − ᾱ). */
    private static Denoiser dirac(NDArray target) {
        return (x, t, emb) -> {
            double a = SD.alphaCumprod(t);
            return x.sub(target.mul(Math.sqrt(a))).div(Math.sqrt(1 - a));
        };
    }

    /** The ideal ε-predictor when data is N(0, s²·I): E[ε | x_t] = √(1 − ᾱ)·x_t / (ᾱ·s² + 1 − ᾱ). */
    private static Denoiser gaussian(double s) {
        return (x, t, emb) -> {
            double a = SD.alphaCumprod(t);
            return x.mul(Math.sqrt(1 - a) / (a * s * s + 1 - a));
        };
    }

    private static double maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }

    @Test
    void everySamplerLandsOnTheOnlyDataPoint() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray target = Seeds.noise(m, List.of(9L), LATENT).mul(0.5); // (1, C, H, W): broadcast over the batch
            NDArray xT = Seeds.noise(m, List.of(1L, 2L), LATENT);
            for (String name : List.of("ddim", "euler", "dpmpp-2m", "euler:karras", "dpmpp-2m:karras")) {
                for (int steps : new int[] {1, 4, 20}) {
                    Sampler s = SamplerSpec.parse(name).create(model(dirac(target), TO_ONE), steps);
                    NDArray x0 = s.sample(xT, embedding(m), embedding(m), 3.0);
                    assertEquals(0, maxAbs(x0.sub(target)), 2e-4, name + " at " + steps + " steps");
                }
            }
        }
    }

    @Test
    void eulerIsDdimWithAFinalAlphaOfOne() {
        // any deterministic denoiser: Euler in σ-space and DDIM are the same update over the same timesteps
        Denoiser odd = (x, t, emb) -> x.tanh().mul(0.7).add(t / 2000.0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(3L, 4L), LATENT);
            for (int steps : new int[] {1, 5, 20}) {
                NDArray ddim = SamplerSpec.DDIM.create(model(odd, TO_ONE), steps).sample(xT, embedding(m), embedding(m), 1.0);
                NDArray euler = SamplerSpec.parse("euler").create(model(odd, TO_ONE), steps).sample(xT, embedding(m), embedding(m), 1.0);
                assertEquals(0, maxAbs(ddim.sub(euler)), 1e-4 * Math.max(1, maxAbs(ddim)), steps + " steps");
            }
        }
    }

    @Test
    void onGaussianDataTheSecondOrderSolverIsCloserToTheExactOdeSolution() {
        // probability flow for N(0, s²) (s = 2, so the solution moves where the steps are fine in log σ): x(σ) = x(σ₀)·√((s² + σ²)/(s² + σ₀²)), so x_0 = x_T·√(1 + σ₀²)·s/√(s² + σ₀²)
        double s = 2.0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(5L, 6L), LATENT);
            double[] euler = new double[2];
            double[] dpm = new double[2];
            int[] stepCounts = {8, 32};
            for (int k = 0; k < 2; k++) {
                int steps = stepCounts[k];
                double sigma0 = SigmaSampler.sigma(SD, SETTINGS.timesteps(steps)[0]);
                NDArray exact = xT.mul(Math.sqrt(1 + sigma0 * sigma0) * s / Math.sqrt(s * s + sigma0 * sigma0));
                euler[k] = maxAbs(SamplerSpec.parse("euler").create(model(gaussian(s), SETTINGS), steps)
                        .sample(xT, embedding(m), embedding(m), 1.0).sub(exact));
                dpm[k] = maxAbs(SamplerSpec.parse("dpmpp-2m").create(model(gaussian(s), SETTINGS), steps)
                        .sample(xT, embedding(m), embedding(m), 1.0).sub(exact));
            }
            // Euler is first order (4× the steps, about ¼ the error); DPM-Solver++ 2M converges faster
            assertTrue(dpm[0] < euler[0] && dpm[1] < euler[1] / 3, "dpm++ 2m " + dpm[0] + ", " + dpm[1] + " vs euler "
                    + euler[0] + ", " + euler[1]);
            assertTrue(euler[0] / euler[1] > 2.5, "Euler converges: " + euler[0] + " → " + euler[1]);
            assertTrue(dpm[0] / dpm[1] > 2 * (euler[0] / euler[1]), "at a higher order: " + dpm[0] + " → " + dpm[1]);
        }
    }

    @Test
    void karrasTimestepsSpanTheSameRangeAndCrowdTheCleanEnd() {
        int[] plain = SETTINGS.timesteps(10);
        int[] karras = SamplerSpec.parse("euler:karras").timesteps(SETTINGS, 10);
        assertEquals(plain[0], karras[0]);
        assertEquals(plain[9], karras[9]);
        for (int i = 1; i < 10; i++) {
            assertTrue(karras[i] < karras[i - 1], "strictly descending");
        }
        assertTrue(karras[8] - karras[9] < karras[0] - karras[1], "steps are finer near the clean end");
        int[] many = SamplerSpec.parse("ddim:karras").timesteps(SETTINGS, 200);
        for (int i = 1; i < many.length; i++) {
            assertTrue(many[i] < many[i - 1], "still strictly descending when snapping crowds");
        }
    }

    @Test
    void specsParseAndBadNamesAreRefused() {
        assertEquals(new SamplerSpec(SamplerKind.DPMPP_2M, true), SamplerSpec.parse("dpmpp-2m:karras"));
        assertEquals("euler", SamplerSpec.parse("EULER").label());
        assertThrows(IllegalArgumentException.class, () -> SamplerSpec.parse("heun"));
        assertThrows(IllegalArgumentException.class, () -> SamplerSpec.parse("euler:exponential"));
        assertArrayEquals(SETTINGS.timesteps(6), SamplerSpec.DDIM.create(model(dirac(null), SETTINGS), 6).timesteps());
    }
}
