package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import dev.goldennoise.npnet.MatrixTiling;
import dev.goldennoise.npnet.NoiseSvd;
import dev.goldennoise.tensor.Nn;

/**
 * The official singular-value predictor (SVDNoiseUnet): the 4 channels tiled 2×2 into one 2R×2R matrix
 * X = U·diag(s)·Vᵀ; one token per singular triplet, mlp1(u_i) + mlp2(v_i) + mlp3(s); 8-head self-attention over the
 * 2R tokens (no norm, no residual), averaged over them; mlp4 of that added to s; U·diag(s̃)·Vᵀ untiled. The
 * BatchNorm the official module defines is never called.
 */
final class SvdNoiseUnet {
    private static final String P = OfficialLayout.SVD;

    private final OfficialWeights w;
    private final MatrixTiling tiling;

    SvdNoiseUnet(OfficialNpnetConfig config, OfficialWeights weights) {
        this.w = weights;
        this.tiling = MatrixTiling.of(OfficialNpnetConfig.CHANNELS, config.resolution(), config.resolution());
    }

    MatrixTiling tiling() {
        return tiling;
    }

    /** x̃ (B, 4, R, R) from the SVD of x_T's tiled matrix, with the signs it comes with. */
    NDArray forward(NDManager m, NoiseSvd svd) {
        NDArray u = svd.uArray(m);
        NDArray s = svd.sArray(m);
        NDArray vt = svd.vtArray(m);
        NDArray tokens = mlp(u.transpose(0, 2, 1), "mlp1").add(mlp(vt, "mlp2"))
                .add(Nn.linear(s, w.get(P + "mlp3.0.weight"), w.get(P + "mlp3.0.bias")).expandDims(1));
        int d = (int) tokens.getShape().get(2);
        NDArray qkv = Nn.linear(tokens, w.get(P + "attention.qkv.weight"), null);
        NDArray q = qkv.get(":, :, 0:" + d);
        NDArray k = qkv.get(":, :, " + d + ":" + 2 * d);
        NDArray v = qkv.get(":, :, " + 2 * d + ":");
        NDArray attended = Nn.linear(Nn.attention(q, k, v, OfficialNpnetConfig.SVD_HEADS), w.get(P + "attention.proj.weight"),
                w.get(P + "attention.proj.bias"));
        NDArray sNew = mlp(attended.mean(new int[] {1}), "mlp4").add(s);
        return tiling.untile(u.mul(sNew.expandDims(1)).matMul(vt));
    }

    /** Linear, ReLU, Linear: the official nn.Sequential's layers 0 and 2. */
    private NDArray mlp(NDArray x, String name) {
        NDArray h = Activation.relu(Nn.linear(x, w.get(P + name + ".0.weight"), w.get(P + name + ".0.bias")));
        return Nn.linear(h, w.get(P + name + ".2.weight"), w.get(P + name + ".2.bias"));
    }
}
