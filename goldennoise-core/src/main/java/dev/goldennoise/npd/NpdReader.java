package dev.goldennoise.npd;

import dev.goldennoise.tensor.NpyArray;
import dev.goldennoise.tensor.Npz;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every noise pair in a folder, in either of two layouts:
 * <ul>
 *   <li>this tool's shards: {@code shard-NNNNN.npz} with {@code shard-NNNNN.jsonl}, rows matched to lines by index
 *       (see {@link NpdShardWriter});</li>
 *   <li>the official collection code's: one {@code {index}_{seed}.npz} per pair (arr_0 source and arr_1 golden,
 *       (1,C,H,W) or (C,H,W), float16 or float32; arr_2 the index) and one JSON-lines file of metadata, matched by
 *       (index, seed). The official file is {@code SDXL_step_10_training.json}: JSON lines despite its suffix.
 *       The .npz files may also lie in a subfolder {@code npz}, where {@link OfficialPairWriter} puts them.</li>
 * </ul>
 * A damaged file costs only its own pairs: it is named in {@link Result#problems()} and the rest still load, since a
 * collection of thousands of files that dies on one bad file is worse than one pair short. Pairs of two latent
 * shapes cannot train one network, so that is an error.
 */
public final class NpdReader {
    private static final Pattern SHARD = Pattern.compile("shard-(\\d+)\\.npz");
    private static final Pattern SHARD_JSONL = Pattern.compile("shard-(\\d+)\\.jsonl");
    private static final Pattern SAMPLE = Pattern.compile("(-?\\d+)_(-?\\d+)\\.npz");
    private static final String EXPECTED = "expected shard-NNNNN.npz files, each with its shard-NNNNN.jsonl (this tool's"
            + " layout), or {index}_{seed}.npz files with a JSON-lines file of their index, seed, caption,"
            + " original_score_list and optimized_score_list (the official collection code's layout)";

    /** The pairs sorted by index then seed, their common latent shape (C, H, W), and what was skipped and why. */
    public record Result(List<NoisePair> pairs, long[] latentShape, List<String> problems) {}

    private record Key(long index, long seed) {}

    private final Path dir;
    private final List<NoisePair> pairs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Which file each pair came from, so that a pair found twice is kept once and the copy is reported. */
    private final Map<Key, String> seen = new HashMap<>();
    private long[] latentShape;
    private String shapeFile;

    private NpdReader(Path dir) {
        this.dir = dir;
    }

    public static Result read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("noise pair folder not found: " + dir + " (" + EXPECTED + ")");
        }
        List<Path> files = new ArrayList<>(regularFiles(dir));
        // collect --layout official keeps its .npz files in a folder of their own, apart from the metadata
        Path npzDir = dir.resolve(OfficialPairWriter.NPZ_DIR);
        if (Files.isDirectory(npzDir)) {
            files.addAll(regularFiles(npzDir));
        }
        NpdReader r = new NpdReader(dir);
        List<Path> shards = new ArrayList<>();
        Map<Path, Key> samples = new LinkedHashMap<>();
        List<Path> jsonFiles = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher sample = SAMPLE.matcher(name);
            if (name.startsWith(".")) {
                continue; // temporary files of a writer, or hidden files
            } else if (SHARD.matcher(name).matches()) {
                shards.add(f);
            } else if (sample.matches() && fitsLong(sample.group(1)) && fitsLong(sample.group(2))) {
                samples.put(f, new Key(Long.parseLong(sample.group(1)), Long.parseLong(sample.group(2))));
            } else if (SHARD_JSONL.matcher(name).matches()) {
                Path npz = f.resolveSibling(name.replaceFirst("\\.jsonl$", ".npz"));
                if (!Files.isRegularFile(npz)) {
                    r.problem(name, "no " + npz.getFileName() + " beside it (an unfinished shard); skipped");
                }
            } else if (name.endsWith(".json") || name.endsWith(".jsonl")) {
                jsonFiles.add(f);
            } else if (name.endsWith(".npz")) {
                r.problem(name, "named neither shard-NNNNN.npz nor {index}_{seed}.npz; ignored");
            }
        }
        if (shards.isEmpty() && samples.isEmpty()) {
            throw new IOException("no noise pairs in " + dir + ": " + EXPECTED);
        }
        for (Path shard : shards) {
            r.readShard(shard);
        }
        if (!samples.isEmpty()) {
            List<String> used = new ArrayList<>();
            Map<Key, PairLine> lines = r.officialLines(jsonFiles, used);
            for (Map.Entry<Path, Key> s : samples.entrySet()) {
                r.readSample(s.getKey(), s.getValue(), lines, used);
            }
        }
        if (r.pairs.isEmpty()) {
            throw new IOException("no readable noise pairs in " + dir + ": " + String.join("; ", r.problems));
        }
        r.pairs.sort(Comparator.comparingLong(NoisePair::index).thenComparingLong(NoisePair::seed));
        return new Result(List.copyOf(r.pairs), r.latentShape.clone(), List.copyOf(r.problems));
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private void readShard(Path npz) throws IOException {
        String name = npz.getFileName().toString();
        NpyArray src;
        NpyArray gold;
        long[] indices;
        try {
            Map<String, NpyArray> a = Npz.read(npz);
            src = a.get("arr_0");
            gold = a.get("arr_1");
            NpyArray idx = a.get("arr_2");
            if (src == null || gold == null || idx == null) {
                problem(name, "lacks arr_0, arr_1 or arr_2 (it holds " + a.keySet() + "); skipped");
                return;
            }
            long[] s = src.shape();
            if (s.length != 4 || !Arrays.equals(s, gold.shape()) || !Arrays.equals(idx.shape(), new long[] {s[0]})) {
                problem(name, "arr_0 " + Arrays.toString(s) + ", arr_1 " + Arrays.toString(gold.shape()) + " and arr_2 "
                        + Arrays.toString(idx.shape()) + " are not (K,C,H,W), (K,C,H,W) and (K,); skipped");
                return;
            }
            indices = idx.asLongs();
        } catch (IOException | RuntimeException e) {
            problem(name, e.getMessage() + "; skipped");
            return;
        }
        Path jsonl = npz.resolveSibling(name.replaceFirst("\\.npz$", ".jsonl"));
        Map<Long, PairLine> byIndex = new HashMap<>();
        if (!Files.isRegularFile(jsonl)) {
            problem(name, "its metadata file " + jsonl.getFileName() + " is missing; skipped");
            return;
        }
        for (PairLine line : readLines(jsonl)) {
            if (byIndex.putIfAbsent(line.index(), line) != null) {
                problem(jsonl.getFileName().toString(), "index " + line.index() + " has two lines; the first is used");
            }
        }
        long[] s = src.shape();
        long[] latent = {s[1], s[2], s[3]};
        int n = (int) (s[1] * s[2] * s[3]);
        float[] sv = src.asFloats();
        float[] gv = gold.asFloats();
        for (int k = 0; k < indices.length; k++) {
            PairLine line = byIndex.get(indices[k]);
            if (line == null) {
                problem(name, "pair index " + indices[k] + " has no line in " + jsonl.getFileName() + "; skipped");
                continue;
            }
            add(line, Arrays.copyOfRange(sv, k * n, (k + 1) * n), Arrays.copyOfRange(gv, k * n, (k + 1) * n), latent, name);
        }
    }

    /**
     * The metadata lines of the official layout, from every *.json or *.jsonl whose first line is pair metadata;
     * other JSON in the folder (a settings file, say) is left alone. {@code used} gets the files' names.
     */
    private Map<Key, PairLine> officialLines(List<Path> jsonFiles, List<String> used) throws IOException {
        Map<Key, PairLine> out = new HashMap<>();
        for (Path f : jsonFiles) {
            String name = f.getFileName().toString();
            String first;
            try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                first = in.readLine();
                while (first != null && first.isBlank()) {
                    first = in.readLine();
                }
            } catch (IOException e) {
                problem(name, "unreadable (" + e.getMessage() + "); ignored");
                continue;
            }
            if (first == null || !PairLine.looksLikePairLine(first)) {
                continue;
            }
            used.add(name);
            for (PairLine line : readLines(f)) {
                if (out.putIfAbsent(new Key(line.index(), line.seed()), line) != null) {
                    problem(name, "index " + line.index() + ", seed " + line.seed() + " has two lines; the first is used");
                }
            }
        }
        return out;
    }

    private void readSample(Path npz, Key key, Map<Key, PairLine> lines, List<String> jsonNames) throws IOException {
        String name = npz.getFileName().toString();
        PairLine line = lines.get(key);
        if (line == null) {
            problem(name, "no line for index " + key.index() + ", seed " + key.seed() + " in "
                    + (jsonNames.isEmpty() ? "any JSON-lines file (none in the folder holds pair metadata)"
                    : String.join(", ", jsonNames)) + "; skipped");
            return;
        }
        float[] source;
        float[] golden;
        long[] latent;
        try {
            Map<String, NpyArray> a = Npz.read(npz);
            NpyArray src = a.get("arr_0");
            NpyArray gold = a.get("arr_1");
            NpyArray idx = a.get("arr_2");
            if (src == null || gold == null) {
                problem(name, "lacks arr_0 or arr_1 (it holds " + a.keySet() + "); skipped");
                return;
            }
            long[] s = src.shape();
            // the official code saves a batch of one and squeezes it away when loading
            if (s.length == 4 && s[0] == 1) {
                latent = new long[] {s[1], s[2], s[3]};
            } else if (s.length == 3) {
                latent = s;
            } else {
                problem(name, "arr_0 has shape " + Arrays.toString(s) + ", not (1,C,H,W) or (C,H,W); skipped");
                return;
            }
            if (!Arrays.equals(s, gold.shape())) {
                problem(name, "arr_0 " + Arrays.toString(s) + " and arr_1 " + Arrays.toString(gold.shape())
                        + " differ in shape; skipped");
                return;
            }
            if (idx != null && (idx.size() != 1 || idx.asLongs()[0] != key.index())) {
                problem(name, "arr_2 holds " + Arrays.toString(idx.asLongs()) + ", not the index " + key.index()
                        + " of its name; skipped");
                return;
            }
            source = src.asFloats();
            golden = gold.asFloats();
        } catch (IOException | RuntimeException e) {
            problem(name, e.getMessage() + "; skipped");
            return;
        }
        add(line, source, golden, latent, name);
    }

    /** The parsable lines of a JSON-lines file; each bad line is a problem, since it loses only its own pair. */
    private List<PairLine> readLines(Path file) {
        String name = file.getFileName().toString();
        List<PairLine> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    out.add(PairLine.parse(text));
                } catch (IOException e) {
                    problem(name + " line " + number, e.getMessage() + "; skipped");
                }
            }
        } catch (IOException e) {
            problem(name, "unreadable after " + out.size() + " lines (" + e.getMessage() + ")");
        }
        return out;
    }

    private void add(PairLine line, float[] source, float[] golden, long[] latent, String file) throws IOException {
        if (latentShape == null) {
            latentShape = latent.clone();
            shapeFile = file;
        } else if (!Arrays.equals(latentShape, latent)) {
            throw new IOException("noise pairs in " + dir + " disagree on the latent shape: " + Arrays.toString(latentShape)
                    + " in " + shapeFile + " but " + Arrays.toString(latent) + " in " + file);
        }
        Key key = new Key(line.index(), line.seed());
        String earlier = seen.putIfAbsent(key, file);
        if (earlier != null) {
            problem(file, "index " + key.index() + ", seed " + key.seed() + " was already read from " + earlier + "; skipped");
            return;
        }
        pairs.add(new NoisePair(line.index(), line.seed(), line.caption(), source, golden,
                line.originalScore(), line.optimizedScore()));
    }

    private void problem(String file, String what) {
        problems.add(file + ": " + what);
    }

    private static boolean fitsLong(String digits) {
        try {
            Long.parseLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
