package dev.goldennoise.npd;

import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Writes one shard of noise pairs: {@code shard-NNNNN.npz} with the official keys (arr_0 sources (K,C,H,W) float32,
 * arr_1 goldens, arr_2 indices (K,) int64) and {@code shard-NNNNN.jsonl} with one line of metadata per pair.
 * Each file goes to a temporary name and is renamed; the .jsonl first and the .npz last, so that a shard is complete
 * exactly when its .npz exists and an interrupted collection can resume by looking for that file alone.
 */
public final class NpdShardWriter {
    private NpdShardWriter() {}

    public static void write(Path dir, int shardNumber, long[] latentShape, List<NoisePair> pairs) throws IOException {
        if (shardNumber < 0) {
            throw new IllegalArgumentException("shard number must not be negative: " + shardNumber);
        }
        if (latentShape.length != 3 || latentShape[0] <= 0 || latentShape[1] <= 0 || latentShape[2] <= 0) {
            throw new IllegalArgumentException("latent shape must be three positive sizes C, H, W, got "
                    + Arrays.toString(latentShape));
        }
        int n = Math.toIntExact(Math.multiplyExact(Math.multiplyExact(latentShape[0], latentShape[1]), latentShape[2]));
        int k = pairs.size();
        float[] sources = new float[Math.multiplyExact(k, n)];
        float[] goldens = new float[sources.length];
        long[] indices = new long[k];
        Set<Long> seen = new HashSet<>();
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < k; i++) {
            NoisePair p = pairs.get(i);
            if (p.source().length != n) {
                throw new IllegalArgumentException("pair " + p.index() + " has " + p.source().length
                        + " noise values, the latent shape " + Arrays.toString(latentShape) + " needs " + n);
            }
            // the reader matches npz rows to JSON lines by index, so an index may appear only once per shard
            if (!seen.add(p.index())) {
                throw new IllegalArgumentException("pair index " + p.index() + " appears twice in shard " + shardNumber);
            }
            System.arraycopy(p.source(), 0, sources, i * n, n);
            System.arraycopy(p.golden(), 0, goldens, i * n, n);
            indices[i] = p.index();
            jsonl.append(PairLine.of(p).toJson()).append('\n');
        }
        long[] batchShape = {k, latentShape[0], latentShape[1], latentShape[2]};
        LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("arr_0", NpyArray.ofFloats(batchShape, sources));
        arrays.put("arr_1", NpyArray.ofFloats(batchShape, goldens));
        arrays.put("arr_2", NpyArray.ofLongs(new long[] {k}, indices));
        AtomicFiles.writeString(jsonlPath(dir, shardNumber), jsonl.toString());
        Npz.write(npzPath(dir, shardNumber), arrays);
    }

    public static Path npzPath(Path dir, int shard) {
        return dir.resolve(name(shard) + ".npz");
    }

    public static Path jsonlPath(Path dir, int shard) {
        return dir.resolve(name(shard) + ".jsonl");
    }

    /** A shard whose .jsonl exists without its .npz was interrupted and is written again. */
    public static boolean isComplete(Path dir, int shard) {
        return Files.isRegularFile(npzPath(dir, shard));
    }

    /** The shard's file name without its extension, {@code shard-NNNNN}. */
    public static String name(int shard) {
        return String.format("shard-%05d", shard);
    }
}
