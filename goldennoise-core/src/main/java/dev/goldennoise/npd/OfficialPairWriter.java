package dev.goldennoise.npd;

import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes pairs as the official NPNet code reads them ({@code training/noise_dataset.py} with {@code --pick True}):
 * one {@code npz/{index}_{seed}.npz} per pair holding arr_0 = x_T and arr_1 = x_T', each (1, C, H, W) float32, and
 * arr_2 = the index as a 0-d int64 array, which is what {@code np.savez(path, x_T, x'_T, index)} stores and what
 * {@code arr_2.item()} reads back; and {@value #METADATA}, one JSON line per pair (index, seed, caption,
 * original_score_list, optimized_score_list), which the loader keys by index. The .npz files have a folder of their
 * own because the loader opens every file of its {@code --data-dir} with np.load.
 *
 * <p>A shard's .npz files are written first and {@value #METADATA} is rewritten whole (atomically) after them, so a
 * pair counts as written exactly when its line exists: a killed run loses at most the shard in progress.
 */
public final class OfficialPairWriter {
    public static final String NPZ_DIR = "npz";
    public static final String METADATA = "pairs.jsonl";

    private OfficialPairWriter() {}

    public static void write(Path dir, long[] latentShape, List<NoisePair> pairs) throws IOException {
        if (latentShape.length != 3) {
            throw new IllegalArgumentException("latent shape must be C, H, W, got " + Arrays.toString(latentShape));
        }
        long[] shape = {1, latentShape[0], latentShape[1], latentShape[2]};
        Map<Long, String> lines = lines(dir);
        for (NoisePair p : pairs) {
            LinkedHashMap<String, NpyArray> arrays = new LinkedHashMap<>();
            arrays.put("arr_0", NpyArray.ofFloats(shape, p.source()));
            arrays.put("arr_1", NpyArray.ofFloats(shape, p.golden()));
            arrays.put("arr_2", NpyArray.ofLongs(new long[0], new long[] {p.index()}));
            Npz.write(npzPath(dir, p), arrays);
            lines.put(p.index(), PairLine.of(p).toJson());
        }
        AtomicFiles.writeString(dir.resolve(METADATA), String.join("\n", lines.values()) + "\n");
    }

    public static Path npzPath(Path dir, NoisePair p) {
        return dir.resolve(NPZ_DIR).resolve(p.index() + "_" + p.seed() + ".npz");
    }

    /** The indices {@value #METADATA} holds: the pairs written whole. */
    public static Set<Long> writtenIndices(Path dir) throws IOException {
        return lines(dir).keySet();
    }

    /** The metadata lines by index, in index order; none when the file does not exist yet. */
    private static Map<Long, String> lines(Path dir) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        Path file = dir.resolve(METADATA);
        if (!Files.exists(file)) {
            return out;
        }
        int n = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            try {
                out.put(PairLine.parse(text).index(), text);
            } catch (IOException e) {
                throw new IOException(file + " line " + n + ": " + e.getMessage()
                        + "; fix or delete that line (its pair is then collected again)");
            }
        }
        return out;
    }
}
