package dev.goldennoise.npnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The thin SVD X = U·diag(s)·Vᵀ of each noise's tiled matrix, singular values in descending order, computed in
 * double precision with EJML. Thin (compact) rather than full: the tile is rows×cols and may be non-square (3
 * channels tile 1×3), and only k = min(rows, cols) singular triplets exist; the extra columns of a full U or V carry
 * no singular value and would add tokens with nothing to predict. For a square tile (the official 4-channel case)
 * thin and full coincide. No gradient ever needs to pass through it: its input is the initial noise itself, so it
 * is computed once per noise (and once per training pair, then cached) outside the autograd graph.
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
        // each noise's decomposition is independent and writes only its own slices, so the batch is split over the
        // cores with results identical to a sequential loop
        IntStream.range(0, batch).parallel().forEach(b -> decompose(noises, b, t, u, s, vt));
        return new NoiseSvd(u, s, vt, batch, t);
    }

    private static void decompose(float[] noises, int b, MatrixTiling t, float[] u, float[] s, float[] vt) {
        int rows = t.rows();
        int cols = t.cols();
        int k = t.rank();
        int per = t.channels() * t.height() * t.width();
        // compact = true: the thin SVD, U rows×k and V cols×k
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
        DMatrixRMaj x = new DMatrixRMaj(rows, cols, true, t.tile(noises, b * per));
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

    /** One batch from per-noise SVDs (the trainer caches one per pair and assembles batches from them). */
    public static NoiseSvd concat(List<NoiseSvd> parts) {
        MatrixTiling t = parts.get(0).tiling();
        int n = 0;
        for (NoiseSvd p : parts) {
            if (!p.tiling().equals(t)) {
                throw new IllegalArgumentException("SVDs of different tilings cannot share a batch: " + t + " and " + p.tiling());
            }
            n += p.batch();
        }
        float[] u = new float[n * t.rows() * t.rank()];
        float[] s = new float[n * t.rank()];
        float[] vt = new float[n * t.rank() * t.cols()];
        int iu = 0;
        int is = 0;
        int iv = 0;
        for (NoiseSvd p : parts) {
            System.arraycopy(p.u(), 0, u, iu, p.u().length);
            System.arraycopy(p.s(), 0, s, is, p.s().length);
            System.arraycopy(p.vt(), 0, vt, iv, p.vt().length);
            iu += p.u().length;
            is += p.s().length;
            iv += p.vt().length;
        }
        return new NoiseSvd(u, s, vt, n, t);
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
