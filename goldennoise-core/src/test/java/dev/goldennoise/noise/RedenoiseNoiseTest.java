package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.DdimScheduler;
import dev.goldennoise.diffusion.Denoiser;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.tensor.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedenoiseNoiseTest {
    private static final Shape LATENT = new Shape(4, 6, 6);
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.stableDiffusion();

    /**
     * A denoiser whose prediction depends on the prompt and the timestep but not on x: then a DDIM step and its
     * inversion at the same guidance cancel exactly, and every other result has a closed form.
     */
    private static final Denoiser PROMPT_ONLY = (x, t, emb) -> {
        NDArray perSample = emb.pooled().get(":, 0").reshape(-1, 1, 1, 1);
        return x.zerosLike().add(perSample).mul(t / 1000.0);
    };

    private static DiffusionModel model(Denoiser d) {
        return new DiffusionModel("stub", null, d, null, LATENT, SCHEDULE);
    }

    private static NoiseBatch batch(NDManager m) {
        PromptEmbedding cond = new PromptEmbedding(m.zeros(new Shape(2, 3, 5)), m.create(new float[] {1, 2, -1, 0.5f}, new Shape(2, 2)));
        PromptEmbedding uncond = new PromptEmbedding(m.zeros(new Shape(2, 3, 5)), m.create(new float[] {0.2f, 0, 0.1f, 0}, new Shape(2, 2)));
        return new NoiseBatch(List.of("a", "b"), List.of(1L, 2L), cond, uncond);
    }

    private static float maxAbs(NDArray a) {
        return a.abs().max().getFloat();
    }

    @Test
    void equalGuidanceWithTheExactInversionReturnsTheNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(3L, 4L), LATENT);
            for (double w : new double[] {1.0, 5.5}) {
                RedenoiseNoise r = new RedenoiseNoise(new RedenoiseSettings(w, w, 10, InversionConvention.EXACT));
                NDArray out = r.apply(xT, batch(m), model(PROMPT_ONLY));
                assertEquals(0, maxAbs(out.sub(xT)), 1e-5, "w=" + w);
            }
        }
    }

    @Test
    void exactInversionMovesTheNoiseAlongTheGuidanceGap() {
        // x' = x_T + κ·(ε_w − ε_l) with κ = √(1−ᾱ_t) − √(ᾱ_t/ᾱ_{t−Δ})·√(1−ᾱ_{t−Δ}) (spec §1.2); t = 901, Δ = 100
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(3L, 4L), LATENT);
            NoiseBatch b = batch(m);
            double wl = 5.5;
            double ww = 1.0;
            NDArray out = new RedenoiseNoise(new RedenoiseSettings(wl, ww, 10, InversionConvention.EXACT)).apply(xT, b, model(PROMPT_ONLY));
            double at = SCHEDULE.alphaCumprod(901);
            double ap = SCHEDULE.alphaCumprod(801);
            double kappa = Math.sqrt(1 - at) - Math.sqrt(at / ap) * Math.sqrt(1 - ap);
            float[] c = b.cond().pooled().get(":, 0").toFloatArray();
            float[] u = b.uncond().pooled().get(":, 0").toFloatArray();
            float[] got = out.sub(xT).toFloatArray();
            int per = (int) LATENT.size();
            for (int i = 0; i < 2; i++) {
                double epsL = (u[i] + wl * (c[i] - u[i])) * 0.901;
                double epsW = (u[i] + ww * (c[i] - u[i])) * 0.901;
                assertEquals(kappa * (epsW - epsL), got[i * per + 7], 1e-4, "sample " + i);
            }
        }
    }

    @Test
    void officialInversionGoesOneStepFurtherDown() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xT = Seeds.noise(m, List.of(3L, 4L), LATENT);
            NoiseBatch b = batch(m);
            NDArray official = new RedenoiseNoise(new RedenoiseSettings(1, 1, 10, InversionConvention.OFFICIAL)).apply(xT, b, model(PROMPT_ONLY));
            // by hand: step 901 → 801 with ε, then invert 701 → 801 with the same ε
            DdimScheduler d = DdimScheduler.standard(SCHEDULE, 10);
            NDArray eps = PROMPT_ONLY.predictNoise(xT, 901, b.cond());
            NDArray expected = d.invert(d.step(xT, eps, 901, 801), eps, 701, 801);
            assertEquals(0, maxAbs(official.sub(expected)), 1e-5);
            // and it is not at x_T's level: the inverse of the step it follows would give x_T back
            assertTrue(maxAbs(official.sub(xT)) > 0.05);
        }
    }

    @Test
    void costCountsOneCallPerUnguidedStepAndTwoPerGuidedOne() {
        assertEquals(3, new RedenoiseNoise(new RedenoiseSettings(5.5, 1, 10, InversionConvention.EXACT)).extraDenoiserCalls());
        assertEquals(4, new RedenoiseNoise(new RedenoiseSettings(5.5, 0, 10, InversionConvention.EXACT)).extraDenoiserCalls());
    }

    @Test
    void specsParseAndPrintCanonically() {
        RedenoiseSettings s = RedenoiseSettings.parse("redenoise:ww=0:wl=7.5:inversion=official:steps=20");
        assertEquals(new RedenoiseSettings(7.5, 0, 20, InversionConvention.OFFICIAL), s);
        assertEquals("redenoise:wl=7.5:ww=0:steps=20:inversion=official", s.spec());
        assertEquals(s, RedenoiseSettings.parse(s.spec()));
        assertEquals(RedenoiseSettings.defaults(), RedenoiseSettings.parse("redenoise"));
        assertThrows(IllegalArgumentException.class, () -> RedenoiseSettings.parse("redenoise:wl=high"));
        assertThrows(IllegalArgumentException.class, () -> RedenoiseSettings.parse("redenoise:gamma=2"));
        assertThrows(IllegalArgumentException.class, () -> RedenoiseSettings.parse("redenoise:steps=1"));
        assertThrows(IllegalArgumentException.class, () -> RedenoiseSettings.parse("redenoise:inversion=backwards"));
    }
}
