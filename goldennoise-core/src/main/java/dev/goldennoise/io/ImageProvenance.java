package dev.goldennoise.io;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What made a generated image, as the text chunks its PNG carries: one iTXt chunk per {@code goldennoise:} key, and
 * AUTOMATIC1111's {@code parameters} text (the prompt, then {@code Steps: 20, Sampler: DDIM, …}) for the tools that
 * read that. This record holds what every image of a run shares; {@link #text} adds what is the image's own.
 *
 * @param model the model's name (its weights file or export folder without extension)
 * @param modelDigest SHA-256 of the model's weights (an export's UNet), in hex
 * @param commit the goldennoise commit that made the image, or null when not known
 * @param rng where x_T came from: the generator its seed went through ({@code java}, {@code torch},
 *            {@code torch-fp16}), or {@code file sha256:…} for a latent given in a file; null writes no key
 * @param sampler the sampler as {@code --sampler} names it: {@code ddim}, {@code euler}, {@code dpmpp-2m}, each
 *                optionally with {@code :karras}
 */
public record ImageProvenance(String model, String modelDigest, int steps, double cfg, String commit, String rng,
                              String sampler) {
    public static final String PREFIX = "goldennoise:";
    public static final String PROMPT = PREFIX + "prompt";
    public static final String SEED = PREFIX + "seed";
    public static final String RNG = PREFIX + "rng";
    public static final String NOISE = PREFIX + "noise";
    public static final String NOISE_DIGEST = PREFIX + "noise_digest";
    public static final String MODEL = PREFIX + "model";
    public static final String MODEL_DIGEST = PREFIX + "model_digest";
    public static final String SAMPLER = PREFIX + "sampler";
    public static final String STEPS = PREFIX + "steps";
    public static final String CFG = PREFIX + "cfg";
    public static final String COMMIT = PREFIX + "commit";
    public static final String PARAMETERS = "parameters";
    /** Written as tEXt where Latin-1 holds it: the readers of {@code parameters} often know no other chunk. */
    private static final Set<String> PLAIN_KEYS = Set.of(PARAMETERS);

    /** The sampler of every image before {@code --sampler} existed. */
    private static final String DDIM = "ddim";
    private static final String UNKNOWN = "unknown";
    /** AUTOMATIC1111 shows short hashes: the first 10 hex digits. */
    private static final int SHORT_HASH = 10;

    public ImageProvenance(String model, String modelDigest, int steps, double cfg, String commit) {
        this(model, modelDigest, steps, cfg, commit, null, DDIM);
    }

    public ImageProvenance withRng(String rng) {
        return new ImageProvenance(model, modelDigest, steps, cfg, commit, rng, sampler);
    }

    public ImageProvenance withSampler(String sampler) {
        return new ImageProvenance(model, modelDigest, steps, cfg, commit, rng, sampler);
    }

    /** The image as PNG bytes carrying {@link #text} (the size is the image's). */
    public byte[] png(RenderedImage image, String prompt, String seed, String noise, String noiseDigest) throws IOException {
        return PngText.encode(image, text(prompt, seed, noise, noiseDigest, image.getWidth(), image.getHeight()), PLAIN_KEYS);
    }

    /**
     * The text chunks of one image.
     *
     * @param seed the seed, or for a picture of many images (a grid) the seeds they used
     * @param noise the noise strategy as {@code --noise} names it, e.g. {@code npnet} or {@code search:k=3}
     * @param noiseDigest SHA-256 of the weights the strategy reads (comma-separated if several), null when none
     */
    public Map<String, String> text(String prompt, String seed, String noise, String noiseDigest, int width, int height) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(PROMPT, prompt);
        t.put(SEED, seed);
        if (rng != null) {
            t.put(RNG, rng);
        }
        t.put(NOISE, noise);
        if (noiseDigest != null) {
            t.put(NOISE_DIGEST, noiseDigest);
        }
        t.put(MODEL, model);
        t.put(MODEL_DIGEST, modelDigest);
        t.put(SAMPLER, sampler);
        t.put(STEPS, Integer.toString(steps));
        t.put(CFG, cfgText());
        t.put(COMMIT, commit != null ? commit : UNKNOWN);
        t.put(PARAMETERS, parameters(prompt, seed, noise, noiseDigest, width, height));
        return t;
    }

    /** AUTOMATIC1111's layout: the prompt, then one line of {@code Key: value} pairs. */
    private String parameters(String prompt, String seed, String noise, String noiseDigest, int width, int height) {
        StringBuilder p = new StringBuilder(prompt).append('\n')
                .append("Steps: ").append(steps)
                .append(", Sampler: ").append(automatic1111Sampler())
                .append(", CFG scale: ").append(cfgText())
                .append(", Seed: ").append(seed)
                .append(", Size: ").append(width).append('x').append(height)
                .append(", Model hash: ").append(shortHash(modelDigest))
                .append(", Model: ").append(model)
                .append(", Noise: ").append(noise);
        if (noiseDigest != null) {
            p.append(", Noise hash: ").append(shortHash(noiseDigest));
        }
        return p.append(", Version: goldennoise ").append(commit != null ? shortHash(commit) : UNKNOWN).toString();
    }

    /** The sampler as AUTOMATIC1111 names it ("DPM++ 2M Karras"), so its readers recognise it. */
    private String automatic1111Sampler() {
        String[] parts = sampler.split(":");
        String name = switch (parts[0]) {
            case "euler" -> "Euler";
            case "dpmpp-2m" -> "DPM++ 2M";
            default -> parts[0].toUpperCase(Locale.ROOT);
        };
        return parts.length > 1 && parts[1].equals("karras") ? name + " Karras" : name;
    }

    private String cfgText() {
        return Double.toString(cfg);
    }

    /** The first digits of each digest; several are joined with '+' because ", " separates the fields. */
    private static String shortHash(String digests) {
        StringBuilder out = new StringBuilder();
        for (String d : digests.split(",")) {
            out.append(out.length() > 0 ? "+" : "").append(d, 0, Math.min(SHORT_HASH, d.length()));
        }
        return out.toString();
    }
}
