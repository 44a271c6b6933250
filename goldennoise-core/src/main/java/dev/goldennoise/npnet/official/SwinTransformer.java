package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import dev.goldennoise.tensor.Nn;
import dev.goldennoise.tensor.Scalars;

import java.util.ArrayList;
import java.util.List;

/**
 * timm's Swin Transformer up to {@code forward_features}, with timm's tensor names: patch embedding (a patch-sized
 * strided convolution, then LayerNorm), stages of window-attention blocks (odd blocks on a map cyclically shifted
 * by half a window), a 2×2 patch merging at the start of every stage after the first, and a final LayerNorm. The
 * output is NHWC, (B, 7, 7, 768) for Swin-T at 224, as timm ≥ 0.9 returns it.
 */
final class SwinTransformer {
    private static final float LN_EPS = 1e-5f;

    private final SwinConfig config;
    private final OfficialWeights w;
    private final String prefix;
    /** Per block, what its attention logits get added: the relative position bias, and the shift mask if shifted. */
    private final List<NDArray[]> logitTerms = new ArrayList<>();

    SwinTransformer(SwinConfig config, OfficialWeights weights, String prefix) {
        this.config = config;
        this.w = weights;
        this.prefix = prefix;
        for (int i = 0; i < config.stages(); i++) {
            NDArray[] terms = new NDArray[config.depths()[i]];
            for (int j = 0; j < terms.length; j++) {
                terms[j] = logitTerm(i, j);
            }
            logitTerms.add(terms);
        }
    }

    /** (B, 3, image, image) to (B, grid, grid, features). */
    NDArray forwardFeatures(NDArray x) {
        String pe = prefix + "patch_embed.";
        int p = config.patch();
        NDArray h = Conv2d.conv2d(x, w.get(pe + "proj.weight"), w.get(pe + "proj.bias"), new Shape(p, p), new Shape(0, 0),
                new Shape(1, 1), 1).singletonOrThrow().transpose(0, 2, 3, 1);
        h = layerNorm(h, pe + "norm");
        for (int i = 0; i < config.stages(); i++) {
            String stage = prefix + "layers." + i + ".";
            if (i > 0) {
                h = patchMerging(h, stage + "downsample.");
            }
            for (int j = 0; j < config.depths()[i]; j++) {
                h = block(h, i, j, stage + "blocks." + j + ".");
            }
        }
        return layerNorm(h, prefix + "norm");
    }

    private NDArray block(NDArray x, int stage, int index, String name) {
        Shape s = x.getShape();
        int win = config.window(stage);
        int shift = index % 2 == 1 ? config.shift(stage) : 0;
        NDArray y = layerNorm(x, name + "norm1");
        if (shift > 0) {
            y = SwinWindows.roll(y, -shift);
        }
        y = windowAttention(SwinWindows.partition(y, win), stage, logitTerms.get(stage)[index], name + "attn.");
        y = SwinWindows.merge(y, win, s.get(0), s.get(1), s.get(2));
        if (shift > 0) {
            y = SwinWindows.roll(y, shift);
        }
        x = x.add(y);
        NDArray f = Nn.gelu(Nn.linear(layerNorm(x, name + "norm2"), w.get(name + "mlp.fc1.weight"), w.get(name + "mlp.fc1.bias")));
        return x.add(Nn.linear(f, w.get(name + "mlp.fc2.weight"), w.get(name + "mlp.fc2.bias")));
    }

    /** (B·windows, N, C) tokens of each window attending to each other. */
    private NDArray windowAttention(NDArray x, int stage, NDArray term, String name) {
        Shape s = x.getShape();
        long bw = s.get(0);
        long n = s.get(1);
        long c = s.get(2);
        int heads = config.heads()[stage];
        long hd = c / heads;
        NDArray qkv = Nn.linear(x, w.get(name + "qkv.weight"), w.get(name + "qkv.bias"))
                .reshape(bw, n, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDArray q = Scalars.times(qkv.get(0), 1.0 / Math.sqrt(hd));
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2));
        long windows = term.getShape().get(0);
        logits = logits.reshape(bw / windows, windows, heads, n, n).add(term).reshape(bw, heads, n, n);
        NDArray out = logits.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(bw, n, c);
        return Nn.linear(out, w.get(name + "proj.weight"), w.get(name + "proj.bias"));
    }

    /** timm's 2×2 merge: the four neighbours (row, col) = (0,0), (1,0), (0,1), (1,1) side by side, LayerNorm, Linear. */
    private NDArray patchMerging(NDArray x, String name) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long wd = s.get(2);
        long c = s.get(3);
        NDArray merged = x.reshape(b, h / 2, 2, wd / 2, 2, c).transpose(0, 1, 3, 4, 2, 5).reshape(b, h / 2, wd / 2, 4 * c);
        return Nn.linear(layerNorm(merged, name + "norm"), w.get(name + "reduction.weight"), null);
    }

    private NDArray layerNorm(NDArray x, String name) {
        NDArray g = w.get(name + ".weight");
        return LayerNorm.layerNorm(x, g.getShape(), g, w.get(name + ".bias"), LN_EPS).singletonOrThrow();
    }

    /**
     * (windows or 1, heads, N, N): the bias table gathered by the relative position index, plus the shift mask of
     * an odd block. Built once from the weights, in their manager.
     */
    private NDArray logitTerm(int stage, int index) {
        int win = config.window(stage);
        int n = win * win;
        int heads = config.heads()[stage];
        String name = prefix + "layers." + stage + ".blocks." + index + ".attn.relative_position_bias_table";
        float[] table = w.get(name).toFloatArray();
        int[] rel = SwinWindows.relativePositionIndex(win);
        int shift = index % 2 == 1 ? config.shift(stage) : 0;
        int res = config.resolution(stage);
        float[] mask = shift > 0 ? SwinWindows.shiftMask(res, win, shift) : null;
        int windows = mask == null ? 1 : (res / win) * (res / win);
        float[] term = new float[windows * heads * n * n];
        for (int wi = 0; wi < windows; wi++) {
            for (int hh = 0; hh < heads; hh++) {
                for (int ij = 0; ij < n * n; ij++) {
                    float bias = table[rel[ij] * heads + hh];
                    term[(wi * heads + hh) * n * n + ij] = mask == null ? bias : bias + mask[wi * n * n + ij];
                }
            }
        }
        return w.manager().create(term, new Shape(windows, heads, n, n));
    }
}
