package dev.goldennoise.npnet.official;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tensor names and shapes of an official NPNet checkpoint, flattened with dots: {@code unet_svd.*} (the SVD
 * branch), {@code unet_embedding.*} (the residual branch, its Swin under {@code unet_embedding.swin.*} in timm's
 * names), {@code embeeding.*} (the AdaGroupNorm, the official spelling kept), {@code alpha}, {@code beta}.
 *
 * <p>Some tensors are in the released files but unused by the forward pass, and may be absent from other exports:
 * the SVD branch's BatchNorm, the Swin's classifier head, and the buffers timm ≥ 0.9 no longer saves (each block's
 * relative position index and shifted-window mask, both rebuilt here from the shapes).
 */
public final class OfficialLayout {
    public static final String SVD = "unet_svd.";
    public static final String RESIDUAL = "unet_embedding.";
    public static final String SWIN = RESIDUAL + "swin.";
    public static final String TEXT = "embeeding.";
    /** The spelling of the official inference script at the repository's root, which the released files do not use. */
    public static final String TEXT_CORRECTED = "embedding.";
    private static final String HEAD = SWIN + "head.";
    private static final Pattern BLOCK = Pattern.compile(Pattern.quote(SWIN) + "layers\\.(\\d+)\\.blocks\\.(\\d+)\\.");

    private OfficialLayout() {}

    /** Every tensor the forward pass reads, with its shape. */
    public static Map<String, long[]> required(OfficialNpnetConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int n = c.matrix();
        linear(m, TEXT + "linear", c.textFeatures(), OfficialNpnetConfig.TEXT_OUT, true);
        for (String mlp : new String[] {"mlp1", "mlp2"}) {
            linear(m, SVD + mlp + ".0", n, c.svdHidden(), true);
            linear(m, SVD + mlp + ".2", c.svdHidden(), n, true);
        }
        linear(m, SVD + "mlp3.0", n, n, true);
        linear(m, SVD + "attention.qkv", n, 3L * n, false);
        linear(m, SVD + "attention.proj", n, n, true);
        linear(m, SVD + "mlp4.0", n, c.outHidden(), true);
        linear(m, SVD + "mlp4.2", c.outHidden(), n, true);
        SwinConfig s = c.swin();
        m.put(RESIDUAL + "upconv.weight", new long[] {OfficialNpnetConfig.CHANNELS, s.grid(), 1, 1});
        m.put(RESIDUAL + "upconv.bias", new long[] {OfficialNpnetConfig.CHANNELS});
        m.put(RESIDUAL + "downconv.weight", new long[] {3, OfficialNpnetConfig.CHANNELS, 1, 1});
        m.put(RESIDUAL + "downconv.bias", new long[] {3});
        m.put(SWIN + "patch_embed.proj.weight", new long[] {s.embedDim(), 3, s.patch(), s.patch()});
        m.put(SWIN + "patch_embed.proj.bias", new long[] {s.embedDim()});
        norm(m, SWIN + "patch_embed.norm", s.embedDim());
        for (int i = 0; i < s.stages(); i++) {
            int d = s.width(i);
            String stage = SWIN + "layers." + i + ".";
            if (i > 0) {
                norm(m, stage + "downsample.norm", 2L * d);
                m.put(stage + "downsample.reduction.weight", new long[] {d, 2L * d});
            }
            int w = s.window(i);
            for (int j = 0; j < s.depths()[i]; j++) {
                String b = stage + "blocks." + j + ".";
                norm(m, b + "norm1", d);
                linear(m, b + "attn.qkv", d, 3L * d, true);
                linear(m, b + "attn.proj", d, d, true);
                m.put(b + "attn.relative_position_bias_table", new long[] {(2L * w - 1) * (2L * w - 1), s.heads()[i]});
                norm(m, b + "norm2", d);
                linear(m, b + "mlp.fc1", d, (long) s.mlpRatio() * d, true);
                linear(m, b + "mlp.fc2", (long) s.mlpRatio() * d, d, true);
            }
        }
        norm(m, SWIN + "norm", s.features());
        m.put("alpha", new long[] {1});
        m.put("beta", new long[] {1});
        return m;
    }

    /** Tensors a checkpoint may hold that the forward pass does not read, with their shapes. */
    public static Map<String, long[]> unused(OfficialNpnetConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long n = c.matrix();
        for (String k : new String[] {"weight", "bias", "running_mean", "running_var"}) {
            m.put(SVD + "bn." + k, new long[] {n});
        }
        m.put(SVD + "bn.num_batches_tracked", new long[0]);
        SwinConfig s = c.swin();
        for (int i = 0; i < s.stages(); i++) {
            int w = s.window(i);
            long area = (long) w * w;
            long windows = (long) (s.resolution(i) / w) * (s.resolution(i) / w);
            for (int j = 0; j < s.depths()[i]; j++) {
                String b = SWIN + "layers." + i + ".blocks." + j + ".";
                m.put(b + "attn.relative_position_index", new long[] {area, area});
                if (j % 2 == 1 && s.shift(i) > 0) {
                    m.put(b + "attn_mask", new long[] {windows, area, area});
                }
            }
        }
        return m;
    }

    /** The classifier head's tensors, of any shape (the number of classes is the pre-training's). */
    static boolean isHead(String key) {
        return key.startsWith(HEAD);
    }

    /**
     * The configuration the tensors' shapes give. Throws with the names of the tensors it looked for when they are
     * not there: then the file is no official NPNet at all.
     */
    public static OfficialNpnetConfig infer(Map<String, long[]> shapes, String source) {
        long[] text = need(shapes, TEXT + "linear.weight", 2, source);
        long[] mlp1 = need(shapes, SVD + "mlp1.0.weight", 2, source);
        long[] mlp4 = need(shapes, SVD + "mlp4.0.weight", 2, source);
        long[] patch = need(shapes, SWIN + "patch_embed.proj.weight", 4, source);
        List<Integer> depths = new ArrayList<>();
        for (String k : shapes.keySet()) {
            Matcher mt = BLOCK.matcher(k);
            if (mt.lookingAt()) {
                int stage = Integer.parseInt(mt.group(1));
                int block = Integer.parseInt(mt.group(2));
                while (depths.size() <= stage) {
                    depths.add(0);
                }
                depths.set(stage, Math.max(depths.get(stage), block + 1));
            }
        }
        if (depths.isEmpty() || depths.contains(0)) {
            throw new IllegalArgumentException(source + " has no Swin blocks " + SWIN + "layers.N.blocks.M.* for every stage"
                    + " (stages with blocks: " + depths + "); it is not an official NPNet checkpoint");
        }
        int[] heads = new int[depths.size()];
        int window = 0;
        for (int i = 0; i < heads.length; i++) {
            long[] table = need(shapes, SWIN + "layers." + i + ".blocks.0.attn.relative_position_bias_table", 2, source);
            heads[i] = (int) table[1];
            if (i == 0) {
                window = ((int) Math.round(Math.sqrt(table[0])) + 1) / 2;
            }
        }
        long[] fc1 = need(shapes, SWIN + "layers.0.blocks.0.mlp.fc1.weight", 2, source);
        int ratio = (int) (fc1[0] / patch[0]);
        SwinConfig swin = new SwinConfig(224, (int) patch[2], (int) patch[0], window, depths.stream().mapToInt(x -> x).toArray(),
                heads, ratio);
        return new OfficialNpnetConfig((int) (mlp1[1] / 2), (int) text[1], (int) mlp1[0], (int) mlp4[0], swin);
    }

    private static long[] need(Map<String, long[]> shapes, String key, int rank, String source) {
        long[] s = shapes.get(key);
        if (s == null || s.length != rank) {
            throw new IllegalArgumentException(source + " has no tensor " + key + (s == null ? "" : " of rank " + rank)
                    + ", so it is not an official NPNet checkpoint (keys unet_svd.*, unet_embedding.*, embeeding.*, alpha, beta)");
        }
        return s;
    }

    /**
     * Every name missing, unexpected or of the wrong shape, in one message; empty when the tensors fit. Listing all
     * of them at once tells a wrong export (timm's old layout, another model's text width) from a damaged file.
     */
    public static String mismatches(Map<String, long[]> shapes, OfficialNpnetConfig c) {
        Map<String, long[]> required = required(c);
        Map<String, long[]> unused = unused(c);
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, long[]> e : required.entrySet()) {
            long[] got = shapes.get(e.getKey());
            if (got == null) {
                missing.add(e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(got, e.getValue())) {
                wrong.add(e.getKey() + " is " + Arrays.toString(got) + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String k = e.getKey();
            if (required.containsKey(k) || isHead(k)) {
                continue;
            }
            long[] want = unused.get(k);
            if (want == null) {
                unexpected.add(k + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(want, e.getValue())) {
                wrong.add(k + " is " + Arrays.toString(e.getValue()) + ", expected " + Arrays.toString(want));
            }
        }
        List<String> parts = new ArrayList<>();
        part(parts, "missing", missing);
        part(parts, "of the wrong shape", wrong);
        part(parts, "unexpected", unexpected);
        return String.join("; ", parts);
    }

    private static void part(List<String> parts, String what, List<String> names) {
        int shown = Math.min(names.size(), 8);
        if (shown > 0) {
            parts.add(names.size() + " " + what + ": " + String.join(", ", names.subList(0, shown))
                    + (names.size() > shown ? " and " + (names.size() - shown) + " more" : ""));
        }
    }

    private static void norm(Map<String, long[]> m, String name, long width) {
        m.put(name + ".weight", new long[] {width});
        m.put(name + ".bias", new long[] {width});
    }

    private static void linear(Map<String, long[]> m, String name, long in, long out, boolean bias) {
        m.put(name + ".weight", new long[] {out, in});
        if (bias) {
            m.put(name + ".bias", new long[] {out});
        }
    }
}
