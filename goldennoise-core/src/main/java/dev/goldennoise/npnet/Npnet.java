package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.goldennoise.model.builtin.UNet;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.ParameterSet;
import dev.goldennoise.tensor.TransformerBlock;
import dev.goldennoise.tensor.Scalars;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NPNet: predicts the golden noise from the initial noise x_T and the prompt's token embeddings in one pass.
 *
 * <pre>
 * e  = AdaGroupNorm(x_T, flatten(text))      per-channel scale and shift of the normalised noise, from the text
 * x̃  = U·diag(s + Δs)·Vᵀ                      singular-value predictor on the SVD of x_T's tiled matrix
 * x̂  = R(x_T + e)                            residual predictor
 * x' = x̃ + (2σ(α) − 1)·e + β·x̂ [+ a]          α, β learnable scalars, both 0 at the start
 * a  = A(x_T, text)                           optional spatial text path, zero at the start
 * d  = W·ε_φ(x_T, t₀, text)                   optional denoiser branch: a copy of the base UNet, W a 1×1 convolution
 *                                             that starts at zero; x' gains + d
 * </pre>
 *
 * Deviations from the official code, on purpose: Δs comes from an MLP whose last layer starts at zero, so the
 * untrained network returns x_T exactly (the official random start returns a distorted noise); the residual
 * predictor is a small convolutional network sized for the latent instead of an ImageNet Swin-T at 224²; and every
 * prompt of a batch is embedded (the official trainer embeds only the first). Without the singular-value predictor
 * ({@code useSvd = false}) x_T itself stands in for x̃, so the ablation is still a correction of the noise; without
 * the residual predictor the β·x̂ term is dropped. With α = β = 0 and Δs = 0 every variant starts as the identity.
 *
 * <p>Every op keeps the activation as its first operand and scalar weights are viewed into the activation's manager
 * (see {@link Nn}): DJL attaches a result to its first operand's manager, so the other order would leak one array
 * per op per step into the weights' manager.
 */
public final class Npnet implements GoldenNoiseNet {
    /** Prefix of the denoiser branch's UNet parameters. */
    public static final String DENOISER = "den.";
    private static final String DENOISER_HEAD = "den_head";
    private final NpnetConfig config;
    private final ParameterSet p;
    private final MatrixTiling tiling;
    private final UNet denoiser;

    public Npnet(NpnetConfig config, NDManager parent, long seed) {
        this.config = config;
        this.tiling = config.tiling();
        this.p = new ParameterSet(parent, seed);
        int c = config.channels();
        long text = (long) config.textTokens() * config.textWidth();
        linear("ada", text, 2L * c);
        int rows = tiling.rows();
        int cols = tiling.cols();
        int k = tiling.rank();
        int h = config.svdHidden();
        int d = config.svdWidth();
        if (config.useSvd()) {
            linear("svd.u1", rows, h);
            linear("svd.u2", h, d);
            linear("svd.v1", cols, h);
            linear("svd.v2", h, d);
            linear("svd.s", k, d);
            p.uniform("svd.qkv.w", new Shape(3L * d, d), d, 1.0);
            linear("svd.proj", d, d);
            linear("svd.out1", d, 4L * d);
            p.constant("svd.out2.w", new Shape(k, 4L * d), 0f);
            p.constant("svd.out2.b", new Shape(k), 0f);
        }
        if (config.useResidual()) {
            int w = config.residualWidth();
            conv("res.in", c, w);
            for (int b = 0; b < config.residualBlocks(); b++) {
                norm("res.b" + b + ".n1", w);
                conv("res.b" + b + ".c1", w, w);
                norm("res.b" + b + ".n2", w);
                conv("res.b" + b + ".c2", w, w);
            }
            norm("res.out.n", w);
            conv("res.out", w, c);
        }
        if (config.attentionWidth() > 0) {
            initAttention(c, config.attentionWidth());
        }
        if (config.denoiser() != null && config.denoiserEncoderOnly()) {
            denoiser = new UNet(config.denoiser(), p, DENOISER, true);
            int features = config.denoiser().channels1() + config.denoiser().channels2();
            norm(DENOISER_HEAD + ".gn", features);
            p.constant(DENOISER_HEAD + ".w", new Shape(c, features, 1, 1), 0f);
            p.constant(DENOISER_HEAD + ".b", new Shape(c), 0f);
        } else if (config.denoiser() != null) {
            denoiser = new UNet(config.denoiser(), p, DENOISER);
            p.constant(DENOISER_HEAD + ".w", new Shape(c, c, 1, 1), 0f);
            p.constant(DENOISER_HEAD + ".b", new Shape(c), 0f);
        } else {
            denoiser = null;
        }
        p.constant("alpha", new Shape(1), 0f);
        p.constant("beta", new Shape(1), 0f);
    }

    private void initAttention(int c, int w) {
        int patch = config.attentionPatch();
        conv("att.in", c, w, patchKernel(patch));
        p.normal("att.pos", new Shape(config.attentionTokens(), w), 0.02);
        int d = config.textWidth();
        for (int b = 0; b < NpnetConfig.ATTENTION_BLOCKS; b++) {
            String n = "att.b" + b;
            TransformerBlock.layerNorm(p, n + ".ln1", w);
            p.uniform(n + ".q.w", new Shape(w, w), w, 1.0);
            p.uniform(n + ".k.w", new Shape(w, d), d, 1.0);
            p.uniform(n + ".v.w", new Shape(w, d), d, 1.0);
            linear(n + ".proj", w, w);
            TransformerBlock.layerNorm(p, n + ".ln2", w);
            linear(n + ".ff1", w, 4L * w);
            linear(n + ".ff2", 4L * w, w);
        }
        TransformerBlock.layerNorm(p, "att.ln_out", w);
        // zero: the untrained path adds nothing, so a net with it still starts as the identity
        p.constant("att.out.w", new Shape((long) c * patch * patch, w), 0f);
        p.constant("att.out.b", new Shape((long) c * patch * patch), 0f);
    }

    /** Odd, at least 3 and above the stride, so the strided convolution sees every latent position and its neighbours. */
    private static int patchKernel(int patch) {
        return patch % 2 == 0 ? patch + 1 : patch + 2;
    }

    private void linear(String name, long in, long out) {
        p.uniform(name + ".w", new Shape(out, in), in, 1.0);
        p.uniform(name + ".b", new Shape(out), in, 1.0);
    }

    private void conv(String name, long in, long out) {
        conv(name, in, out, 3);
    }

    private void conv(String name, long in, long out, int kernel) {
        p.uniform(name + ".w", new Shape(out, in, kernel, kernel), in * kernel * kernel, 1.0);
        p.constant(name + ".b", new Shape(out), 0f);
    }

    private void norm(String name, long ch) {
        p.constant(name + ".g", new Shape(ch), 1f);
        p.constant(name + ".b", new Shape(ch), 0f);
    }

    public NpnetConfig config() {
        return config;
    }

    public ParameterSet params() {
        return p;
    }

    /** Golden noises for a batch: x_T (B, C, H, W) and text (B, T, D); computes the SVD of x_T itself. */
    public NDArray forward(NDArray xT, NDArray text) {
        return forward(xT, text, null);
    }

    /**
     * As {@link #forward(NDArray, NDArray)} with the SVD of x_T already computed (training computes it once per
     * pair); null computes it here. The SVD must be of this very x_T: it is not checked value by value.
     */
    public NDArray forward(NDArray xT, NDArray text, NoiseSvd svd) {
        checkShapes(xT, text);
        long batch = xT.getShape().get(0);
        if (config.useSvd()) {
            if (svd == null) {
                svd = NoiseSvd.of(xT.toFloatArray(), (int) batch, tiling);
            } else if (svd.batch() != batch || !svd.tiling().equals(tiling)) {
                throw new IllegalArgumentException("the precomputed SVD is of " + svd.batch() + " matrices of "
                        + svd.tiling().rows() + "×" + svd.tiling().cols() + ", but x_T is " + batch + " noises tiled "
                        + tiling.rows() + "×" + tiling.cols());
            }
        }
        NDArray e = textInjection(xT, text);
        NDArray base = config.useSvd() ? singularValueBranch(xT.getManager(), svd) : xT;
        NDArray alpha = Scalars.times(Activation.sigmoid(view(p.get("alpha"), xT)), 2).sub(1);
        NDArray out = base.add(e.mul(alpha));
        if (config.useResidual()) {
            out = out.add(residualBranch(xT.add(e)).mul(view(p.get("beta"), xT)));
        }
        if (config.attentionWidth() > 0) {
            out = out.add(attentionBranch(xT, text));
        }
        if (denoiser != null) {
            out = out.add(denoiserBranch(xT, text));
        }
        if (config.keepNorm()) {
            NDArray ratio = norms(xT).div(norms(out));
            out = out.mul(ratio.reshape(batch, 1, 1, 1));
        }
        return out;
    }

    private static NDArray norms(NDArray x) {
        return x.square().sum(new int[] {1, 2, 3}).sqrt();
    }

    /** The singular-value predictor's output alone (x̃), for tests and diagnostics. */
    public NDArray singularValueBranch(NDArray xT) {
        if (!config.useSvd()) {
            return xT; // the ablation without the singular-value predictor keeps x_T in its place
        }
        long b = xT.getShape().get(0);
        return singularValueBranch(xT.getManager(), NoiseSvd.of(xT.toFloatArray(), (int) b, tiling));
    }

    private void checkShapes(NDArray xT, NDArray text) {
        Shape want = new Shape(config.channels(), config.height(), config.width());
        Shape got = xT.getShape().slice(1);
        Shape wantText = new Shape(config.textTokens(), config.textWidth());
        Shape gotText = text.getShape().slice(1);
        if (!got.equals(want) || !gotText.equals(wantText)) {
            throw new IllegalArgumentException("this NPNet is for " + config.describeShapes() + ", but got latent "
                    + got + " and text " + gotText);
        }
    }

    /** AdaGroupNorm with one group: the noise normalised over C·H·W per sample, then (1 + scale)·x + shift per channel. */
    private NDArray textInjection(NDArray xT, NDArray text) {
        long b = xT.getShape().get(0);
        int c = config.channels();
        NDArray ss = Nn.linear(text.reshape(b, -1), p.get("ada.w"), p.get("ada.b"));
        NDArray scale = ss.get(":, 0:" + c).reshape(b, c, 1, 1);
        NDArray shift = ss.get(":, " + c + ":").reshape(b, c, 1, 1);
        NDArray flat = xT.reshape(b, 1, -1);
        long n = flat.getShape().get(2);
        NDManager m = xT.getManager();
        NDArray normed = LayerNorm.layerNorm(flat, new Shape(n), m.ones(new Shape(n)), m.zeros(new Shape(n)), 1e-6f)
                .singletonOrThrow().reshape(xT.getShape());
        return normed.mul(scale.add(1)).add(shift);
    }

    private NDArray singularValueBranch(NDManager m, NoiseSvd svd) {
        NDArray u = svd.uArray(m);
        NDArray s = svd.sArray(m);
        NDArray vt = svd.vtArray(m);
        // token i = embed(u_i) + embed(v_i) + embed(s): one token per singular triplet
        NDArray tu = mlp(u.transpose(0, 2, 1), "svd.u1", "svd.u2");
        NDArray tv = mlp(vt, "svd.v1", "svd.v2");
        NDArray ts = Nn.linear(s, p.get("svd.s.w"), p.get("svd.s.b")).expandDims(1);
        NDArray tokens = tu.add(tv).add(ts);
        int d = config.svdWidth();
        NDArray qkv = Nn.linear(tokens, p.get("svd.qkv.w"), null);
        NDArray q = qkv.get(":, :, 0:" + d);
        NDArray k = qkv.get(":, :, " + d + ":" + 2 * d);
        NDArray v = qkv.get(":, :, " + 2 * d + ":");
        NDArray attended = Nn.linear(Nn.attention(q, k, v, config.svdHeads()), p.get("svd.proj.w"), p.get("svd.proj.b"));
        NDArray pooled = attended.mean(new int[] {1});
        NDArray hidden = Activation.relu(Nn.linear(pooled, p.get("svd.out1.w"), p.get("svd.out1.b")));
        NDArray sNew = s.add(Nn.linear(hidden, p.get("svd.out2.w"), p.get("svd.out2.b")));
        NDArray matrix = u.mul(sNew.expandDims(1)).matMul(vt);
        return tiling.untile(matrix);
    }

    private NDArray mlp(NDArray x, String first, String second) {
        NDArray h = Activation.relu(Nn.linear(x, p.get(first + ".w"), p.get(first + ".b")));
        return Nn.linear(h, p.get(second + ".w"), p.get(second + ".b"));
    }

    private NDArray residualBranch(NDArray x) {
        NDArray h = Nn.conv2d(x, p.get("res.in.w"), p.get("res.in.b"), 1);
        for (int b = 0; b < config.residualBlocks(); b++) {
            String n = "res.b" + b;
            NDArray r = Nn.silu(groupNorm(h, n + ".n1"));
            r = Nn.conv2d(r, p.get(n + ".c1.w"), p.get(n + ".c1.b"), 1);
            r = Nn.silu(groupNorm(r, n + ".n2"));
            r = Nn.conv2d(r, p.get(n + ".c2.w"), p.get(n + ".c2.b"), 1);
            h = h.add(r);
        }
        h = Nn.silu(groupNorm(h, "res.out.n"));
        return Nn.conv2d(h, p.get("res.out.w"), p.get("res.out.b"), 1);
    }

    /**
     * Latent patches as tokens, each attending to the prompt's token embeddings: where the noise should move depends
     * on what the prompt asks to be there. Each token returns the correction of its own patch×patch block.
     */
    private NDArray attentionBranch(NDArray xT, NDArray text) {
        long b = xT.getShape().get(0);
        int c = config.channels();
        int patch = config.attentionPatch();
        int rows = config.height() / patch;
        int cols = config.width() / patch;
        NDArray h = Nn.conv2d(xT, p.get("att.in.w"), p.get("att.in.b"), patch);
        h = h.reshape(b, h.getShape().get(1), (long) rows * cols).transpose(0, 2, 1).add(p.get("att.pos"));
        for (int i = 0; i < NpnetConfig.ATTENTION_BLOCKS; i++) {
            String n = "att.b" + i;
            NDArray q = Nn.linear(Nn.layerNorm(h, p.get(n + ".ln1.g"), p.get(n + ".ln1.b")), p.get(n + ".q.w"), null);
            NDArray k = Nn.linear(text, p.get(n + ".k.w"), null);
            NDArray v = Nn.linear(text, p.get(n + ".v.w"), null);
            h = h.add(Nn.linear(Nn.attention(q, k, v, NpnetConfig.ATTENTION_HEADS), p.get(n + ".proj.w"), p.get(n + ".proj.b")));
            NDArray f = Nn.gelu(Nn.linear(Nn.layerNorm(h, p.get(n + ".ln2.g"), p.get(n + ".ln2.b")), p.get(n + ".ff1.w"), p.get(n + ".ff1.b")));
            h = h.add(Nn.linear(f, p.get(n + ".ff2.w"), p.get(n + ".ff2.b")));
        }
        NDArray out = Nn.linear(Nn.layerNorm(h, p.get("att.ln_out.g"), p.get("att.ln_out.b")), p.get("att.out.w"), p.get("att.out.b"));
        // (B, rows·cols, C·p·p) → (B, C, rows, p, cols, p) → (B, C, H, W): each token's block back in place
        return out.reshape(b, rows, cols, c, patch, patch).transpose(0, 3, 1, 4, 2, 5)
                .reshape(b, c, config.height(), config.width());
    }

    private NDArray denoiserBranch(NDArray xT, NDArray text) {
        float[] ts = new float[(int) xT.getShape().get(0)];
        Arrays.fill(ts, config.denoiserTimestep());
        NDArray in;
        if (config.denoiserEncoderOnly()) {
            UNet.Features f = denoiser.encode(xT, ts, text);
            in = Nn.silu(groupNorm(f.full().concat(Nn.upsample2x(f.half()), 1), DENOISER_HEAD + ".gn"));
        } else {
            in = denoiser.forward(xT, ts, text);
        }
        return Nn.conv2d(in, p.get(DENOISER_HEAD + ".w"), p.get(DENOISER_HEAD + ".b"), 1);
    }

    /**
     * Starts the denoiser branch from the base model's UNet weights (its output layer stays at zero, so the net is
     * still the identity). The UNet must have the branch's shape: the branch is a copy of it.
     */
    public void startDenoiserFrom(ParameterSet unet) {
        if (denoiser == null) {
            throw new IllegalStateException("this NPNet has no denoiser branch");
        }
        // every check before any copy, so a UNet that does not fit leaves the branch as it was
        for (var e : unet.all().entrySet()) {
            NDArray mine = p.all().get(DENOISER + e.getKey());
            // an encoder-only branch holds no mid block or up path; a full one holds every tensor
            if ((mine == null && !config.denoiserEncoderOnly()) || (mine != null && !mine.getShape().equals(e.getValue().getShape()))) {
                throw new IllegalArgumentException("the base model's UNet does not fit the denoiser branch (" + config.denoiser()
                        + "): its tensor " + e.getKey() + " has shape " + e.getValue().getShape()
                        + (mine == null ? ", which the branch lacks" : ", the branch's " + mine.getShape()));
            }
        }
        Map<String, NDArray> branch = new LinkedHashMap<>();
        p.all().forEach((name, w) -> {
            if (name.startsWith(DENOISER)) {
                branch.put(name.substring(DENOISER.length()), w);
            }
        });
        for (String name : branch.keySet()) {
            if (!unet.all().containsKey(name)) {
                throw new IllegalArgumentException("the base model's UNet does not fit the denoiser branch (" + config.denoiser()
                        + "): it has no tensor " + name);
            }
        }
        branch.forEach((name, w) -> w.set(unet.get(name).toFloatArray()));
    }

    private NDArray groupNorm(NDArray x, String name) {
        return Nn.groupNorm(x, Nn.groupsFor(x.getShape().get(1)), p.get(name + ".g"), p.get(name + ".b"));
    }

    /** A scalar parameter as a (1,1,1,1) array owned by the activation's manager, so it never leaks into the weights. */
    private static NDArray view(NDArray scalar, NDArray like) {
        NDArray v = scalar.reshape(1, 1, 1, 1);
        v.attach(like.getManager());
        return v;
    }

    @Override
    public void close() {
        p.close();
    }
}
