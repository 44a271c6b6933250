package dev.goldennoise.cli;

import ai.djl.ndarray.NDArray;
import dev.goldennoise.io.LatentNpy;
import dev.goldennoise.noise.ImagePipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the noises of a run as .npy files, job by job in the order the pipeline hands over its batches: each job's
 * x_T as {@code NAME.xT.npy} and the strategy's x_T' as {@code NAME.golden.npy}, where NAME is the job's file name
 * without its extension (the image's, for generate).
 */
final class NoiseFiles {
    private final Path dir;
    private final List<String> names;
    private final long[] latent;
    private int next;

    NoiseFiles(Path dir, List<String> names, long[] latent) {
        this.dir = dir;
        this.names = names;
        this.latent = latent.clone();
    }

    static String initialName(String file) {
        return stem(file) + ".xT.npy";
    }

    static String goldenName(String file) {
        return stem(file) + ".golden.npy";
    }

    /** An {@link ImagePipeline.NoiseListener}: the batch's jobs are the next ones of the run. */
    void write(List<ImagePipeline.Job> batch, NDArray xT, NDArray golden) {
        float[] x = xT.toFloatArray();
        float[] g = golden.toFloatArray();
        int per = x.length / batch.size();
        try {
            for (int k = 0; k < batch.size(); k++, next++) {
                String name = names.get(next);
                LatentNpy.write(dir.resolve(initialName(name)), latent, Arrays.copyOfRange(x, k * per, (k + 1) * per));
                LatentNpy.write(dir.resolve(goldenName(name)), latent, Arrays.copyOfRange(g, k * per, (k + 1) * per));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
