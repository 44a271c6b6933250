package dev.goldennoise.npnet.official;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.tensor.Nn;

/**
 * The official residual branch, {@code upconv(resize(swin.forward_features(downconv(resize(x, 224))), R))}: the
 * latent resized (nearest) to 224², mixed to 3 channels by a 1×1 convolution, through the Swin, resized back and
 * mixed to 4 channels by another 1×1 convolution.
 *
 * <p>The quirk kept on purpose: timm ≥ 0.9 returns NHWC features (B, 7, 7, 768), and the official code resizes them
 * as if NCHW. So the 7 rows of the Swin's grid are the "channels" {@code upconv} mixes, and the (7 columns × 768
 * features) plane is what is resized to R×R: output row i reads grid column ⌊7i/R⌋ and output column j reads
 * feature ⌊768j/R⌋ (every 6th of the 768 at R = 128). The released weights were trained through exactly this.
 */
final class NoiseTransformer {
    private final OfficialNpnetConfig config;
    private final OfficialWeights w;
    private final SwinTransformer swin;

    NoiseTransformer(OfficialNpnetConfig config, OfficialWeights weights) {
        this.config = config;
        this.w = weights;
        this.swin = new SwinTransformer(config.swin(), weights, OfficialLayout.SWIN);
    }

    /** (B, 4, R, R) to the Swin's NHWC features (B, grid, grid, features). */
    NDArray features(NDArray x) {
        int side = config.swin().image();
        NDArray y = Nn.conv2d(NearestResize.resize(x, side, side), w.get(OfficialLayout.RESIDUAL + "downconv.weight"),
                w.get(OfficialLayout.RESIDUAL + "downconv.bias"), 1);
        return swin.forwardFeatures(y);
    }

    /** (B, 4, R, R) to x̂ (B, 4, R, R). */
    NDArray forward(NDArray x) {
        int r = config.resolution();
        // NHWC read as NCHW: (B, grid rows, grid columns, features) resized on its last two axes
        NDArray y = NearestResize.resize(features(x), r, r);
        return Nn.conv2d(y, w.get(OfficialLayout.RESIDUAL + "upconv.weight"), w.get(OfficialLayout.RESIDUAL + "upconv.bias"), 1);
    }
}
