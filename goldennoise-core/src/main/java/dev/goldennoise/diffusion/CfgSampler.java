package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.goldennoise.tensor.Scalars;

/**
 * DDIM sampling with classifier-free guidance: ε = ε_u + w·(ε_c − ε_u), with the conditional and unconditional
 * halves in one denoiser call of twice the batch.
 */
public final class CfgSampler {
    private final Denoiser denoiser;

    public CfgSampler(Denoiser denoiser) {
        this.denoiser = denoiser;
    }

    /** The guided noise prediction at one timestep. {@code cond} and {@code uncond} have the batch of {@code x}. */
    public NDArray guidedNoise(NDArray x, int t, PromptEmbedding cond, PromptEmbedding uncond, double cfg) {
        if (cfg == 1.0) {
            return denoiser.predictNoise(x, t, cond);
        }
        NDArray both = denoiser.predictNoise(x.concat(x, 0), t, cond.concat(uncond));
        long b = x.getShape().get(0);
        NDArray c = both.get("0:" + b);
        NDArray u = both.get(b + ":");
        return u.add(Scalars.times(c.sub(u), cfg));
    }

    /**
     * Runs every timestep of {@code scheduler} from x_T and returns x_0. Each step's temporaries live in a child
     * manager so memory stays flat over long runs.
     */
    public NDArray sample(NDArray xT, DdimScheduler scheduler, PromptEmbedding cond, PromptEmbedding uncond, double cfg) {
        NDManager outer = xT.getManager();
        NDArray x = xT;
        int[] ts = scheduler.timesteps();
        for (int i = 0; i < ts.length; i++) {
            try (NDManager step = outer.newSubManager()) {
                NDArray xi = x;
                if (i == 0) {
                    xi.tempAttach(step); // the caller's x_T goes back to it when the step closes
                } else {
                    xi.attach(step); // our own intermediate: freed with the step
                }
                NDArray eps = guidedNoise(xi, ts[i], cond, uncond, cfg);
                int prev = i + 1 < ts.length ? ts[i + 1] : -1;
                NDArray next = scheduler.step(xi, eps, ts[i], prev);
                next.attach(outer);
                x = next;
            }
        }
        return x;
    }
}
