package dev.goldennoise.cli;

import dev.goldennoise.noise.ImagePipeline;

/** File names of generated images: index, seed, noise and a slug of the prompt, safe on every file system. */
final class ImageNames {
    private ImageNames() {}

    static String of(int index, ImagePipeline.Job job, String noise) {
        String slug = job.prompt().replaceAll("[^a-z0-9]+", "-");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60);
        }
        return String.format("%05d-%s-seed%d-%s.png", index, noise.replaceAll("[^A-Za-z0-9.=+-]+", "_"), job.seed(), slug);
    }
}
