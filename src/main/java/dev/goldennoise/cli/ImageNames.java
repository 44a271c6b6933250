package dev.goldennoise.cli;

import dev.goldennoise.eval.FileDigest;
import dev.goldennoise.noise.ImagePipeline;

/**
 * File names of generated images: index, noise, seed, a slug of the prompt and a digest of the prompt, seed and
 * everything else that made the image, safe on every file system.
 */
final class ImageNames {
    private ImageNames() {}

    static String of(int index, ImagePipeline.Job job, String noise, String settings) {
        String slug = job.prompt().replaceAll("[^a-z0-9]+", "-");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60);
        }
        String digest = FileDigest.sha256(job.prompt() + "\n" + job.seed() + "\n" + settings).substring(0, 10);
        return String.format("%05d-%s-seed%d-%s-%s.png", index, noise.replaceAll("[^A-Za-z0-9.=+-]+", "_"), job.seed(), slug, digest);
    }
}
