package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The thin SVD X = U·diag(s)·Vᵀ of each noise's tiled matrix, singular values in descending order, computed in
 * double precision with EJML. No gradient ever needs to pass through it: its input is the initial noise itself, so
 * it is computed once per noise (and once per training pair) outside the autograd graph.
 *
 * @param u  (B, rows, k) left singular vectors as columns
 * @param s  (B, k) singular values
 * @param vt (B, k, cols) right singular vectors as rows
 */
public record NoiseSvd(float[] u, float[] s, float[] vt, int batch, MatrixTiling tiling) {
    public static NoiseSvd of(float[] noises, int batch, MatrixTiling t) {
        int rows = t.rows();
        int cols = t.cols();
        int k = t.rank();
        int per = t.channels() * t.height() * t.width();
        if (noises.length != (long) per * batch) {
            throw new IllegalArgumentException("expected " + batch + " noises of " + per + " values, got " + noises.length + " values");
        }
        float[] u = new float[batch * rows * k];
        float[] s = new float[batch * k];
        float[] vt = new float[batch * k * cols];
        for (int b = 0; b < batch; b++) {
            DMatrixRMaj x = new DMatrixRMaj(rows, cols, true, t.tile(noises, b * per));
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
            if (!svd.decompose(x)) {
                throw new IllegalStateException("SVD did not converge for noise " + b);
            }
            DMatrixRMaj um = svd.getU(null, false);
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj vm = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(um, false, w, vm, false);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < k; j++) {
                    u[(b * rows + i) * k + j] = (float) um.get(i, j);
                }
            }
            for (int j = 0; j < k; j++) {
                s[b * k + j] = (float) w.get(j, j);
                for (int i = 0; i < cols; i++) {
                    vt[(b * k + j) * cols + i] = (float) vm.get(i, j);
                }
            }
        }
        return new NoiseSvd(u, s, vt, batch, t);
    }

    public NDArray uArray(NDManager m) {
        return m.create(u, new Shape(batch, tiling.rows(), tiling.rank()));
    }

    public NDArray sArray(NDManager m) {
        return m.create(s, new Shape(batch, tiling.rank()));
    }

    public NDArray vtArray(NDManager m) {
        return m.create(vt, new Shape(batch, tiling.rank(), tiling.cols()));
    }
}
