package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/** An exponential moving average of a network's weights: diffusion samples are much cleaner from the average. */
public final class Ema {
    private final ParameterSet live;
    private final ParameterSet average;
    private final double decay;

    public Ema(ParameterSet live, ParameterSet average, double decay) {
        this.live = live;
        this.average = average;
        this.decay = decay;
        average.copyFrom(live);
    }

    public ParameterSet average() {
        return average;
    }

    public void update() {
        for (Map.Entry<String, NDArray> e : average.all().entrySet()) {
            NDArray w = live.get(e.getKey());
            NDArray part = Scalars.times(w, 1 - decay);
            e.getValue().muli(decay).addi(part);
            part.close();
        }
    }
}
