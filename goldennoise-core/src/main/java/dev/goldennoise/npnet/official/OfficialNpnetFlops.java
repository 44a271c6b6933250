package dev.goldennoise.npnet.official;

/**
 * Floating-point operations of one official NPNet forward per image, counted from the shapes (a multiply-add is
 * 2): matrix products, convolutions and linear layers; norms, softmax and elementwise ops are left out. The SVD
 * itself is no product of known size; it is estimated as 21·n³ for an n×n matrix with both singular-vector sets,
 * the operation count Golub and Van Loan give for the Golub–Kahan–Reinsch SVD.
 *
 * @param decomposition the SVD of the 2R×2R matrix (estimate)
 * @param svdBranch     the rest of the SVD branch: token MLPs, attention, the singular-value MLP, U·diag(s̃)·Vᵀ
 * @param swin          the residual branch's Swin
 * @param other         the text injection's linear layer and the residual branch's two 1×1 convolutions
 */
public record OfficialNpnetFlops(double decomposition, double svdBranch, double swin, double other) {
    public static OfficialNpnetFlops of(OfficialNpnetConfig c) {
        double n = c.matrix();
        double h = c.svdHidden();
        double tokens = 2 * 2 * n * (2 * n * h) + 2 * n * n;
        double attention = 2 * n * n * 3 * n + 2 * 2 * n * n * n + 2 * n * n * n;
        double out = 2 * 2 * n * c.outHidden() + 2 * n * n * n;
        SwinConfig s = c.swin();
        double side = s.image() / (double) s.patch();
        double swin = 2 * side * side * s.embedDim() * 3 * s.patch() * s.patch();
        for (int i = 0; i < s.stages(); i++) {
            double l = (double) s.resolution(i) * s.resolution(i);
            double d = s.width(i);
            double w2 = (double) s.window(i) * s.window(i);
            if (i > 0) {
                swin += 4 * l * d * d; // merge: 2d inputs (four of d/2) to d
            }
            double block = 6 * l * d * d + 2 * l * d * d + 4 * l * w2 * d + 4.0 * s.mlpRatio() * l * d * d;
            swin += s.depths()[i] * block;
        }
        double r = c.resolution();
        double other = 2.0 * c.textFeatures() * OfficialNpnetConfig.TEXT_OUT
                + 2.0 * s.image() * s.image() * OfficialNpnetConfig.CHANNELS * 3
                + 2 * r * r * s.grid() * OfficialNpnetConfig.CHANNELS;
        return new OfficialNpnetFlops(21 * n * n * n, tokens + attention + out, swin, other);
    }

    public double total() {
        return decomposition + svdBranch + swin + other;
    }
}
