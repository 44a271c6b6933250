package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW over a {@link ParameterSet}, with its moments kept as named arrays so that a checkpoint can save and resume
 * them (DJL's optimizers hide their state). It also zeroes each gradient after use: DJL's PyTorch gradient collector
 * accumulates gradients across steps otherwise.
 */
public final class AdamW {
    private final ParameterSet params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final Map<String, Double> lrScales = new LinkedHashMap<>();
    private long step;

    public AdamW(ParameterSet params, double weightDecay) {
        this.params = params;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.weightDecay = weightDecay;
        params.all().forEach((name, w) -> {
            m.put(name, params.manager().zeros(w.getShape()));
            v.put(name, params.manager().zeros(w.getShape()));
        });
    }

    public long step() {
        return step;
    }

    /**
     * Multiplies the learning rate of every parameter whose name starts with {@code prefix} by {@code factor}: a
     * pretrained part of a net (a copy of the base UNet) drifts at a far lower rate than the fresh layers around it
     * can grow at.
     */
    public AdamW scaleLearningRate(String prefix, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a learning-rate factor must be a positive finite number, got " + factor);
        }
        lrScales.put(prefix, factor);
        return this;
    }

    private double factorFor(String name) {
        double f = 1;
        for (Map.Entry<String, Double> e : lrScales.entrySet()) {
            if (name.startsWith(e.getKey())) {
                f *= e.getValue();
            }
        }
        return f;
    }

    /** Applies one update with learning rate {@code lr}, then clears the gradients. Call after the collector closed. */
    public void update(double lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            NDArray w = e.getValue();
            NDArray g = w.getGradient();
            NDArray mi = m.get(e.getKey());
            NDArray vi = v.get(e.getKey());
            NDArray scaled = Scalars.times(g, 1 - beta1);
            mi.muli(beta1).addi(scaled);
            scaled.close();
            NDArray sq = g.square();
            sq.muli(1 - beta2);
            vi.muli(beta2).addi(sq);
            sq.close();
            NDArray denom = vi.sqrt();
            denom.muli(1 / Math.sqrt(bc2)).addi(eps);
            NDArray upd = mi.div(denom);
            double rate = lr * factorFor(e.getKey());
            upd.muli(rate / bc1);
            denom.close();
            if (weightDecay > 0) {
                w.muli(1 - rate * weightDecay);
            }
            w.subi(upd);
            upd.close();
            g.subi(g);
            g.close();
        }
    }

    /** Whether every current gradient is finite; an update with a NaN or infinite one would poison every weight. */
    public boolean gradientsFinite() {
        for (NDArray w : params.all().values()) {
            // the checks' results follow the gradient into a scratch manager instead of piling up in the weights'
            try (NDManager scratch = params.manager().newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(scratch);
                if (g.isInfinite().any().getBoolean() || g.isNaN().any().getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Drops the current gradients without an update (a skipped step). */
    public void clearGradients() {
        for (NDArray w : params.all().values()) {
            NDArray g = w.getGradient();
            g.subi(g);
            g.close();
        }
    }

    /** Moments and step count as named tensors, for a checkpoint. */
    /** The moments and the step count; the step's array is made in {@code scratch}, which the caller closes. */
    public Map<String, NDArray> state(NDManager scratch) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("adam.m." + k, a));
        v.forEach((k, a) -> out.put("adam.v." + k, a));
        out.put("adam.step", scratch.create(new float[] {step}));
        return out;
    }

    public void restore(Map<String, NDArray> saved) {
        m.forEach((k, a) -> a.set(saved.get("adam.m." + k).toFloatArray()));
        v.forEach((k, a) -> a.set(saved.get("adam.v." + k).toFloatArray()));
        step = (long) saved.get("adam.step").getFloat(0);
    }
}
