package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import dev.goldennoise.io.torch.TorchDtype;
import dev.goldennoise.io.torch.TorchTensor;
import dev.goldennoise.npnet.GoldenNoiseNet;
import dev.goldennoise.npnet.NoiseSvd;
import dev.goldennoise.tensor.Finite;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.Scalars;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The NPNet of Zhou et al. as released (the official {@code NPNet.forward}), for its checkpoints:
 * <pre>
 * e      = AdaGroupNorm(x_T, flatten(text))          GroupNorm(1 group, eps 1e-6)(x_T)·(1 + scale) + shift, (scale, shift) = Linear(text)
 * x̃      = SVDNoiseUnet(x_T)                         {@link SvdNoiseUnet}
 * x̂      = NoiseTransformer(x_T + e)                 {@link NoiseTransformer}: Swin-T on x_T + e resized to 224²
 * golden = x̃ + (2σ(α) − 1)·e + β·x̂
 * </pre>
 * All in float32, batch of any size. The one choice the official code leaves open is the signs of the SVD's
 * singular pairs (see {@link SingularSigns}); everything else is the official computation.
 */
public final class OfficialNpnet implements GoldenNoiseNet {
    private static final float ADA_EPS = 1e-6f;

    private final OfficialNpnetConfig config;
    private final OfficialWeights weights;
    private final SvdNoiseUnet svd;
    private final NoiseTransformer residual;
    private final float alpha;
    private final float beta;

    private OfficialNpnet(OfficialNpnetConfig config, OfficialWeights weights) {
        this.config = config;
        this.weights = weights;
        this.svd = new SvdNoiseUnet(config, weights);
        this.residual = new NoiseTransformer(config, weights);
        this.alpha = weights.scalar("alpha");
        this.beta = weights.scalar("beta");
    }

    /**
     * The net of a checkpoint's tensors (names flattened with dots, {@code embedding.} accepted for {@code embeeding.}).
     * Every missing, unexpected or misshapen tensor is named in one {@link IllegalArgumentException}.
     */
    public static OfficialNpnet of(Map<String, TorchTensor> tensors, NDManager manager, String source) {
        Map<String, TorchTensor> named = canonicalNames(tensors, source);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        named.forEach((k, v) -> shapes.put(k, v.shape()));
        OfficialNpnetConfig config = OfficialLayout.infer(shapes, source);
        String wrong = OfficialLayout.mismatches(shapes, config);
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException(source + " does not fit the official NPNet its shapes describe (" + config.describe()
                    + ", " + config.swin() + "): " + wrong);
        }
        return new OfficialNpnet(config, new OfficialWeights(named, config, manager, source));
    }

    /** Random weights of the given shape, for timing: the forward pass costs the same whatever the values. */
    public static OfficialNpnet random(OfficialNpnetConfig config, NDManager manager, long seed) {
        Random rng = new Random(seed);
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : OfficialLayout.required(config).entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            float[] v = new float[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * 0.02);
            }
            tensors.put(e.getKey(), new TorchTensor(TorchDtype.FLOAT32, e.getValue(), v, null));
        }
        return new OfficialNpnet(config, new OfficialWeights(tensors, config, manager, "random weights"));
    }

    private static Map<String, TorchTensor> canonicalNames(Map<String, TorchTensor> tensors, String source) {
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        boolean typo = tensors.keySet().stream().anyMatch(k -> k.startsWith(OfficialLayout.TEXT));
        for (Map.Entry<String, TorchTensor> e : tensors.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(OfficialLayout.TEXT_CORRECTED)) {
                if (typo) {
                    throw new IllegalArgumentException(source + " has both " + OfficialLayout.TEXT + "* and "
                            + OfficialLayout.TEXT_CORRECTED + "* tensors; an official NPNet has one text injection");
                }
                k = OfficialLayout.TEXT + k.substring(OfficialLayout.TEXT_CORRECTED.length());
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    public OfficialNpnetConfig config() {
        return config;
    }

    /** Golden noises of x_T (B, 4, R, R) for token embeddings (B, T, D) with T·D the net's text features. */
    @Override
    public NDArray forward(NDArray xT, NDArray text) {
        checkShapes(xT, text);
        float[] x = floats(xT);
        int bad = Finite.firstNonFinite(x);
        if (bad >= 0) {
            throw new IllegalArgumentException("x_T element " + bad + " is " + x[bad] + "; NPNet needs finite noise");
        }
        NoiseSvd factors = NoiseSvd.of(x, (int) xT.getShape().get(0), svd.tiling());
        return forward(xT, text, SingularSigns.canonical(factors));
    }

    /** As {@link #forward(NDArray, NDArray)} with the SVD of x_T's tiled matrix given, signs as they come. */
    NDArray forward(NDArray xT, NDArray text, NoiseSvd factors) {
        checkShapes(xT, text);
        return compute(xT, m -> {
            NDArray x = local(m, xT);
            NDArray e = textInjection(x, local(m, text));
            float a = (float) (2 / (1 + Math.exp(-alpha)) - 1);
            return svd.forward(m, factors).add(Scalars.times(e, a)).add(Scalars.times(residual.forward(x.add(e)), beta));
        });
    }

    /** The SVD branch alone, x̃, for the given factors. */
    NDArray svdBranch(NDArray xT, NoiseSvd factors) {
        return compute(xT, m -> svd.forward(m, factors));
    }

    /** The text injection alone, e. */
    NDArray textEmbedding(NDArray xT, NDArray text) {
        return compute(xT, m -> textInjection(local(m, xT), local(m, text)));
    }

    /** The residual branch alone, x̂, of its input (x_T + e in the net). */
    NDArray residualBranch(NDArray input) {
        return compute(input, m -> residual.forward(local(m, input)));
    }

    /** The Swin's NHWC features of the residual branch's input. */
    NDArray swinFeatures(NDArray input) {
        return compute(input, m -> residual.features(local(m, input)));
    }

    /**
     * Runs {@code work} in a manager of its own and copies the result into {@code like}'s, so that the forward's
     * many intermediates are freed at once and never pile up in the caller's manager.
     */
    private static NDArray compute(NDArray like, Function<NDManager, NDArray> work) {
        NDManager caller = like.getManager();
        try (NDManager m = caller.newSubManager()) {
            NDArray out = work.apply(m);
            return caller.create(out.toFloatArray(), out.getShape());
        }
    }

    /** GroupNorm with one group over C·H·W per sample, no affine, then a per-channel (1 + scale)·x + shift from the text. */
    private NDArray textInjection(NDArray x, NDArray text) {
        long b = x.getShape().get(0);
        int c = OfficialNpnetConfig.CHANNELS;
        NDArray ss = Nn.linear(text.reshape(b, -1), weights.get(OfficialLayout.TEXT + "linear.weight"),
                weights.get(OfficialLayout.TEXT + "linear.bias"));
        NDArray scale = ss.get(":, 0:" + c).reshape(b, c, 1, 1);
        NDArray shift = ss.get(":, " + c + ":").reshape(b, c, 1, 1);
        NDArray flat = x.reshape(b, 1, -1);
        long n = flat.getShape().get(2);
        NDManager m = x.getManager();
        NDArray normed = LayerNorm.layerNorm(flat, new Shape(n), m.ones(new Shape(n)), m.zeros(new Shape(n)), ADA_EPS)
                .singletonOrThrow().reshape(x.getShape());
        return normed.mul(scale.add(1)).add(shift);
    }

    private void checkShapes(NDArray xT, NDArray text) {
        Shape s = xT.getShape();
        int r = config.resolution();
        boolean latent = s.dimension() == 4 && s.get(1) == OfficialNpnetConfig.CHANNELS && s.get(2) == r && s.get(3) == r;
        Shape t = text.getShape();
        boolean words = t.dimension() >= 2 && t.get(0) == s.get(0) && t.size() / t.get(0) == config.textFeatures();
        if (!latent || !words) {
            throw new IllegalArgumentException("this official NPNet is for " + config.describe() + ", but got latent " + s
                    + " and text " + t + (words ? "" : "; the SDXL and DreamShaper nets read 77×2048 prompt embeddings,"
                    + " the Hunyuan-DiT net 77×1024"));
        }
    }

    private static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /** A float32 copy in the forward's own manager (the official net casts its inputs to float32 too). */
    private static NDArray local(NDManager m, NDArray a) {
        return m.create(floats(a), a.getShape());
    }

    @Override
    public void close() {
        weights.close();
    }
}
