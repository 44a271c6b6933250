package dev.goldennoise.model.onnx;

import ai.djl.ndarray.types.Shape;

import java.lang.management.ManagementFactory;

/**
 * How many images an ONNX export denoises at once unless {@code --batch} says: as many as an estimate of one image's
 * memory lets fit in a quarter of this machine's physical memory, from 1 to {@value #MAX}. The estimate, per image:
 * <ul>
 *   <li>the largest attention map, latent cells² floats for each of 8 heads: ONNX Runtime's CPU kernels materialise
 *   it, and SD 1.x runs attention at the latent's full resolution (64×64 cells at 512²: 537 MB);</li>
 *   <li>the other activations: 320 channels per cell in float32, about 40 such tensors alive at once;</li>
 *   <li>both twice, since guidance runs a conditional and an unconditional input per image.</li>
 * </ul>
 * So SD 1.5 at 512² is about 1.5 GB an image (4 at once on 24 GB) and SDXL at 1024² about 17 GB (1). Physical memory,
 * not what is free at the moment, so that a machine always picks the same batch for the same model. A GPU's memory is
 * not read from Java, so {@code cuda} gets 1; raise it with {@code --batch}.
 */
public final class ExportBatchSize {
    public static final int MAX = 8;
    private static final long HEADS = 8;
    private static final long CHANNELS = 320;
    private static final long LIVE_TENSORS = 40;

    private ExportBatchSize() {}

    /** The estimated bytes one image needs in a guided UNet step at this latent shape (C, H, W). */
    public static long bytesPerImage(Shape latent) {
        long cells = latent.get(1) * latent.get(2);
        long attention = cells * cells * HEADS * Float.BYTES;
        long activations = cells * CHANNELS * Float.BYTES * LIVE_TENSORS;
        return 2 * (attention + activations);
    }

    public static int forLatent(Shape latent, String device, long physicalBytes) {
        if (!device.equals("cpu")) {
            return 1;
        }
        long fit = physicalBytes / 4 / bytesPerImage(latent);
        return (int) Math.max(1, Math.min(MAX, fit));
    }

    /** {@link #forLatent} with this machine's physical memory. */
    public static int forThisMachine(Shape latent, String device) {
        return forLatent(latent, device, physicalMemory());
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0; // unknown: one image at a time
    }
}
