package dev.goldennoise.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The few layer functions the networks are built from, on raw NDArrays. DJL lacks GroupNorm and a
 * bias-free multi-head attention, so they are composed here. Every op keeps the activation as the first operand:
 * DJL attaches a result to its first operand's manager, and a weight there would leak each step into the model.
 */
public final class Nn {
    private Nn() {}

    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride) {
        long k = w.getShape().get(2);
        long pad = k / 2;
        return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1).singletonOrThrow();
    }

    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /** GroupNorm over (B, C, ...) as a LayerNorm on (B, G, rest): the fastest composition measured in DJL. */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        NDArray grouped = x.reshape(b, groups, -1);
        long rest = grouped.getShape().get(2);
        NDManager m = x.getManager();
        NDArray normed = LayerNorm.layerNorm(grouped, new Shape(rest), m.ones(new Shape(rest)), m.zeros(new Shape(rest)), 1e-5f)
                .singletonOrThrow().reshape(s);
        long[] affine = new long[s.dimension()];
        java.util.Arrays.fill(affine, 1);
        affine[1] = c;
        return normed.mul(viewIn(gamma, new Shape(affine), m)).add(viewIn(beta, new Shape(affine), m));
    }

    /**
     * A reshaped view of a weight owned by the activation's manager: a plain reshape would be owned by the weight's
     * manager and pile up there every step. Closing the view leaves the weight's storage alone.
     */
    static NDArray viewIn(NDArray weight, Shape shape, NDManager owner) {
        NDArray view = weight.reshape(shape);
        view.attach(owner);
        return view;
    }

    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, gamma.getShape(), gamma, beta, 1e-5f).singletonOrThrow();
    }

    /** Number of GroupNorm groups for a channel count: 32 as in Stable Diffusion, fewer for narrow layers. */
    public static int groupsFor(long channels) {
        for (int g : new int[] {32, 16, 8, 4, 2}) {
            if (channels % g == 0 && channels / g >= 2) {
                return g;
            }
        }
        return 1;
    }

    /** Multi-head scaled dot-product attention. q: (B, N, C), k and v: (B, M, C); returns (B, N, C). */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, int heads) {
        Shape qs = q.getShape();
        long b = qs.get(0);
        long n = qs.get(1);
        long c = qs.get(2);
        long m = k.getShape().get(1);
        long d = c / heads;
        NDArray qh = q.reshape(b, n, heads, d).transpose(0, 2, 1, 3);
        NDArray kh = k.reshape(b, m, heads, d).transpose(0, 2, 3, 1);
        NDArray vh = v.reshape(b, m, heads, d).transpose(0, 2, 1, 3);
        NDArray weights = Scalars.times(qh.matMul(kh), 1.0 / Math.sqrt(d)).softmax(-1);
        return weights.matMul(vh).transpose(0, 2, 1, 3).reshape(b, n, c);
    }

    /** Nearest-neighbour ×2 upsampling of (B, C, H, W); repeat keeps gradients, unlike DJL's internal interpolation. */
    public static NDArray upsample2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** Rows {@code index} of x (B, …) as (index.length, …): a one-hot product, so gradients reach every row picked. */
    public static NDArray rows(NDArray x, int[] index, NDManager m) {
        Shape s = x.getShape();
        long[] out = s.getShape().clone();
        out[0] = index.length;
        NDArray pick = m.create(index, new Shape(index.length)).toType(DataType.INT64, false).oneHot((int) s.get(0));
        return pick.matMul(x.reshape(s.get(0), -1)).reshape(new Shape(out));
    }
}
