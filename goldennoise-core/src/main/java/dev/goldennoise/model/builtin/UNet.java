package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;

/**
 * The built-in ε-prediction UNet, laid out like Stable Diffusion's at a tenth of the depth:
 * <pre>
 *  conv_in → [16×16] res + cross-attn ─────────────skip────────────┐
 *          → down → [8×8] res + transformer ──skip──┐              │
 *          → mid: res + transformer + res           │              │
 *          → [8×8] res(concat) + transformer ◄──────┘              │
 *          → up → [16×16] res(concat) + cross-attn ◄───────────────┘ → GN, SiLU, conv_out
 * </pre>
 * A "transformer" is SD's SpatialTransformer (self-attention, cross-attention to the text tokens, feed-forward);
 * at 16×16 only the cross-attention and feed-forward are kept, since self-attention over 256 positions costs most.
 */
public final class UNet {
    private final UNetConfig config;
    private final ParameterSet p;
    private final String prefix;
    private final boolean encoderOnly;

    /** The down path's outputs: {@code full} at the latent's resolution (channels1), {@code half} at half of it (channels2). */
    public record Features(NDArray full, NDArray half) {}

    public UNet(UNetConfig config, ParameterSet params) {
        this(config, params, "");
    }

    /**
     * A UNet whose parameters sit in {@code params} under {@code prefix}, so that another network can hold one as a
     * branch of its own parameter set (NPNet's denoiser branch) and train, save and average it with the rest.
     */
    public UNet(UNetConfig config, ParameterSet params, String prefix) {
        this(config, params, prefix, false);
    }

    /**
     * @param encoderOnly make only the down path's parameters (time embedding, conv_in to the 8×8 transformer): a
     *                    branch that reads the UNet's features of x ({@link #encode}) and never predicts ε, at a
     *                    fraction of a full pass's cost (no mid block, no up path)
     */
    public UNet(UNetConfig config, ParameterSet params, String prefix, boolean encoderOnly) {
        this.config = config;
        this.p = params;
        this.prefix = prefix;
        this.encoderOnly = encoderOnly;
        int c1 = config.channels1();
        int c2 = config.channels2();
        int tw = config.timeWidth();
        linear("time.l1", c1, tw);
        linear("time.l2", tw, tw);
        conv("conv_in", config.latentChannels(), c1, 3, 1);
        resBlock("down1.res", c1, c1);
        transformer("down1.attn", c1, false);
        conv("down", c1, c1, 3, 1);
        resBlock("down2.res", c1, c2);
        transformer("down2.attn", c2, true);
        if (encoderOnly) {
            return;
        }
        resBlock("mid.res1", c2, c2);
        transformer("mid.attn", c2, true);
        resBlock("mid.res2", c2, c2);
        resBlock("up2.res", 2 * c2, c2);
        transformer("up2.attn", c2, true);
        conv("up", c2, c2, 3, 1);
        resBlock("up1.res", c2 + c1, c1);
        transformer("up1.attn", c1, false);
        norm("out.gn", c1);
        conv("conv_out", c1, config.latentChannels(), 3, 1);
    }

    public UNetConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    private void linear(String name, int in, int out) {
        p.uniform(prefix + name + ".w", new Shape(out, in), in, 1);
        p.constant(prefix + name + ".b", new Shape(out), 0);
    }

    private void conv(String name, int cin, int cout, int k, double gain) {
        p.uniform(prefix + name + ".w", new Shape(cout, cin, k, k), (long) cin * k * k, gain);
        p.constant(prefix + name + ".b", new Shape(cout), 0);
    }

    private void norm(String name, int c) {
        p.constant(prefix + name + ".g", new Shape(c), 1);
        p.constant(prefix + name + ".b", new Shape(c), 0);
    }

    private void resBlock(String n, int cin, int cout) {
        norm(n + ".gn1", cin);
        conv(n + ".conv1", cin, cout, 3, 1);
        linear(n + ".temb", config.timeWidth(), cout);
        norm(n + ".gn2", cout);
        // zero-initialised so each block starts as the identity, which keeps early diffusion training stable
        conv(n + ".conv2", cout, cout, 3, 0);
        if (cin != cout) {
            conv(n + ".skip", cin, cout, 1, 1);
        }
    }

    private void transformer(String n, int c, boolean selfAttention) {
        int tw = config.textWidth();
        norm(n + ".gn", c);
        linear(n + ".proj_in", c, c);
        if (selfAttention) {
            norm(n + ".ln1", c);
            p.uniform(prefix + n + ".attn1.qkv.w", new Shape(3L * c, c), c, 1);
            linear(n + ".attn1.out", c, c);
        }
        norm(n + ".ln2", c);
        p.uniform(prefix + n + ".attn2.q.w", new Shape(c, c), c, 1);
        p.uniform(prefix + n + ".attn2.k.w", new Shape(c, tw), tw, 1);
        p.uniform(prefix + n + ".attn2.v.w", new Shape(c, tw), tw, 1);
        linear(n + ".attn2.out", c, c);
        norm(n + ".ln3", c);
        linear(n + ".ff1", c, 4 * c);
        linear(n + ".ff2", 4 * c, c);
        p.uniform(prefix + n + ".proj_out.w", new Shape(c, c), c, 0);
        p.constant(prefix + n + ".proj_out.b", new Shape(c), 0);
    }

    /**
     * @param x        noisy latents (B, C, 16, 16)
     * @param timesteps one timestep per batch row
     * @param text     token embeddings (B, T, D)
     */
    public NDArray forward(NDArray x, float[] timesteps, NDArray text) {
        if (encoderOnly) {
            throw new IllegalStateException("this UNet holds only its down path; it gives features (encode), not ε");
        }
        NDArray tact = timeActivation(x.getManager(), timesteps);
        Features f = down(x, tact, text);
        NDArray s1 = f.full();
        NDArray s2 = f.half();
        NDArray h = resBlock(s2, tact, "mid.res1");
        h = transformer(h, text, "mid.attn", true);
        h = resBlock(h, tact, "mid.res2");
        h = transformer(resBlock(h.concat(s2, 1), tact, "up2.res"), text, "up2.attn", true);
        h = conv(Nn.upsample2x(h), "up", 1);
        h = transformer(resBlock(h.concat(s1, 1), tact, "up1.res"), text, "up1.attn", false);
        h = Nn.silu(gn(h, "out.gn"));
        return conv(h, "conv_out", 1);
    }

    /** The down path's features of x at these timesteps, the skips the up path would read (same arguments as forward). */
    public Features encode(NDArray x, float[] timesteps, NDArray text) {
        return down(x, timeActivation(x.getManager(), timesteps), text);
    }

    private NDArray timeActivation(NDManager m, float[] timesteps) {
        NDArray temb = timeEmbedding(m, timesteps);
        temb = Nn.linear(temb, w("time.l1.w"), w("time.l1.b"));
        temb = Nn.linear(Nn.silu(temb), w("time.l2.w"), w("time.l2.b"));
        return Nn.silu(temb);
    }

    private Features down(NDArray x, NDArray tact, NDArray text) {
        NDArray h = conv(x, "conv_in", 1);
        NDArray s1 = transformer(resBlock(h, tact, "down1.res"), text, "down1.attn", false);
        h = conv(s1, "down", 2);
        NDArray s2 = transformer(resBlock(h, tact, "down2.res"), text, "down2.attn", true);
        return new Features(s1, s2);
    }

    private NDArray w(String name) {
        return p.get(prefix + name);
    }

    /** Sinusoidal embedding of width channels1, computed in Java: it has no parameters. */
    private NDArray timeEmbedding(NDManager m, float[] timesteps) {
        int d = config.channels1();
        int half = d / 2;
        float[] out = new float[timesteps.length * d];
        for (int b = 0; b < timesteps.length; b++) {
            for (int i = 0; i < half; i++) {
                double freq = Math.exp(-Math.log(10000) * i / half);
                double a = timesteps[b] * freq;
                out[b * d + i] = (float) Math.cos(a);
                out[b * d + half + i] = (float) Math.sin(a);
            }
        }
        return m.create(out, new Shape(timesteps.length, d));
    }

    private NDArray conv(NDArray x, String name, int stride) {
        return Nn.conv2d(x, w(name + ".w"), w(name + ".b"), stride);
    }

    private NDArray gn(NDArray x, String name) {
        return Nn.groupNorm(x, Nn.groupsFor(x.getShape().get(1)), w(name + ".g"), w(name + ".b"));
    }

    private NDArray resBlock(NDArray x, NDArray tact, String n) {
        NDArray h = conv(Nn.silu(gn(x, n + ".gn1")), n + ".conv1", 1);
        NDArray t = Nn.linear(tact, w(n + ".temb.w"), w(n + ".temb.b"));
        h = h.add(t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1));
        h = conv(Nn.silu(gn(h, n + ".gn2")), n + ".conv2", 1);
        NDArray skip = p.all().containsKey(prefix + n + ".skip.w") ? conv(x, n + ".skip", 1) : x;
        return skip.add(h);
    }

    private NDArray transformer(NDArray x, NDArray text, String n, boolean selfAttention) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long hw = s.get(2) * s.get(3);
        NDArray h = gn(x, n + ".gn").reshape(b, c, hw).transpose(0, 2, 1);
        h = Nn.linear(h, w(n + ".proj_in.w"), w(n + ".proj_in.b"));
        if (selfAttention) {
            NDArray z = Nn.layerNorm(h, w(n + ".ln1.g"), w(n + ".ln1.b"));
            NDArray qkv = Nn.linear(z, w(n + ".attn1.qkv.w"), null);
            NDArray a = Nn.attention(qkv.get(":, :, 0:" + c), qkv.get(":, :, " + c + ":" + 2 * c),
                    qkv.get(":, :, " + 2 * c + ":"), config.heads());
            h = h.add(Nn.linear(a, w(n + ".attn1.out.w"), w(n + ".attn1.out.b")));
        }
        NDArray z = Nn.layerNorm(h, w(n + ".ln2.g"), w(n + ".ln2.b"));
        NDArray a = Nn.attention(Nn.linear(z, w(n + ".attn2.q.w"), null),
                Nn.linear(text, w(n + ".attn2.k.w"), null), Nn.linear(text, w(n + ".attn2.v.w"), null), config.heads());
        h = h.add(Nn.linear(a, w(n + ".attn2.out.w"), w(n + ".attn2.out.b")));
        z = Nn.layerNorm(h, w(n + ".ln3.g"), w(n + ".ln3.b"));
        z = Nn.linear(Nn.gelu(Nn.linear(z, w(n + ".ff1.w"), w(n + ".ff1.b"))), w(n + ".ff2.w"), w(n + ".ff2.b"));
        h = h.add(z);
        h = Nn.linear(h, w(n + ".proj_out.w"), w(n + ".proj_out.b"));
        return x.add(h.transpose(0, 2, 1).reshape(s));
    }
}
