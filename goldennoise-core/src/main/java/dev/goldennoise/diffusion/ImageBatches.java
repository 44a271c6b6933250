package dev.goldennoise.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.world.RgbImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Images ↔ (B, 3, H, W) tensors with values in [-1, 1], the form every network here reads and writes. */
public final class ImageBatches {
    private ImageBatches() {}

    public static NDArray stack(List<RgbImage> images, NDManager manager) {
        int h = images.get(0).height();
        int w = images.get(0).width();
        int per = 3 * h * w;
        float[] chw = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).toChw(), 0, chw, i * per, per);
        }
        return manager.create(chw, new Shape(images.size(), 3, h, w));
    }

    public static List<RgbImage> unstack(NDArray images) {
        long b = images.getShape().get(0);
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        float[] all = images.toFloatArray();
        int per = 3 * h * w;
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            out.add(RgbImage.fromChw(Arrays.copyOfRange(all, i * per, (i + 1) * per), h, w));
        }
        return out;
    }
}
