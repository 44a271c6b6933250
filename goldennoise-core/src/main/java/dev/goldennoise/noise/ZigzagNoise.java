package dev.goldennoise.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.diffusion.DiffusionModel;

import java.util.List;

/**
 * Re-denoise sampling repeated: {@code cycles} times a DDIM step at ω_l from the current noise and an inversion back
 * at ω_w, each cycle starting from the last one's result, as the authors' zigzag sampling does at the first step.
 * One cycle is {@link RedenoiseNoise}; more cycles push the noise further along the prompt's direction. Inversion
 * guidance 0 (the unconditional prediction alone) is allowed, as in Z-sampling.
 *
 * <p>Spelled {@code zigzag}, or {@code zigzag:cycles=3:wl=5.5:ww=0:steps=10:inversion=exact}. The default is one
 * cycle at ω_w = 0, the best of the sweep in docs/GOLDEN_NOISE.md: on the built-in model every further cycle lowered
 * checker accuracy.
 */
public final class ZigzagNoise implements NoiseStrategy {
    public static final String NAME = "zigzag";
    public static final int MAX_CYCLES = 100;

    public record Settings(int cycles, RedenoiseSettings step) {
        public static final Settings DEFAULTS = new Settings(1, new RedenoiseSettings(5.5, 0.0, 10, InversionConvention.EXACT));

        public Settings {
            if (cycles < 0 || cycles > MAX_CYCLES) {
                throw new IllegalArgumentException("zigzag cycles must be from 0 to " + MAX_CYCLES + ", got " + cycles);
            }
        }

        /** {@code zigzag} or {@code zigzag:cycles=…:wl=…:ww=…:steps=…:inversion=…}, any subset of the keys. */
        public static Settings parse(String spec) {
            StrategyOptions o = StrategyOptions.parse(spec, NAME, "zigzag", List.of("cycles", "wl", "ww", "steps", "inversion"));
            RedenoiseSettings d = DEFAULTS.step;
            String inversion = o.text("inversion", null);
            RedenoiseSettings step = new RedenoiseSettings(o.number("wl", d.denoiseCfg()),
                    o.number("ww", d.inversionCfg()), o.integer("steps", d.scheduleSteps()),
                    inversion == null ? d.inversion() : InversionConvention.parse(inversion));
            return new Settings(o.integer("cycles", DEFAULTS.cycles), step);
        }

        public String spec() {
            return NAME + ":cycles=" + cycles + step.spec().substring(RedenoiseSettings.NAME.length());
        }
    }

    private final Settings settings;
    private final RedenoiseNoise cycle;

    public ZigzagNoise(Settings settings) {
        this.settings = settings;
        this.cycle = new RedenoiseNoise(settings.step());
    }

    @Override
    public String name() {
        return settings.spec();
    }

    @Override
    public NDArray apply(NDArray xT, NoiseBatch batch, DiffusionModel model) {
        if (settings.cycles() == 0) {
            return xT;
        }
        NDManager outer = xT.getManager();
        try (NDManager scope = outer.newSubManager()) {
            NDArray x = xT;
            for (int c = 0; c < settings.cycles(); c++) {
                NDArray next = cycle.apply(x, batch, model);
                next.attach(scope);
                x = next;
            }
            x.attach(outer);
            return x;
        }
    }

    @Override
    public int extraDenoiserCalls() {
        return settings.cycles() * cycle.extraDenoiserCalls();
    }
}
