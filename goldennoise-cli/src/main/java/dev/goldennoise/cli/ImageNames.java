package dev.goldennoise.cli;

import dev.goldennoise.io.FileDigest;
import dev.goldennoise.noise.ImagePipeline;

/**
 * File names of generated images: index, noise, seed (or "file" for a given latent), a slug of the prompt and a digest of the prompt, seed and
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
        // a latent given in a file is not its seed's noise, and the name must not say it is
        String source = job.start() != null ? "file" : "seed" + job.seed();
        return String.format("%05d-%s-%s-%s-%s.png", index, noise.replaceAll("[^A-Za-z0-9.=+-]+", "_"), source, slug, digest);
    }
}
