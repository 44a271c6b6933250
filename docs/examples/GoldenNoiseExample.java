import dev.goldennoise.GoldenLatent;
import dev.goldennoise.GoldenNoise;

import java.nio.file.Path;

/**
 * Golden noise for one prompt and seed from the library alone (docs/LIBRARY.md says how to run it). Prints how far
 * the shipped NPNet moved x_T.
 *
 * Arguments: the goldennoise folder (the one holding models/), the prompt, the seed.
 */
public class GoldenNoiseExample {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".");
        String prompt = args.length > 1 ? args[1] : "a red circle left of a blue square";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        try (GoldenNoise golden = GoldenNoise.builtin(home)) {
            GoldenLatent latent = golden.noise(prompt, seed);
            double moved = 0;
            double size = 0;
            for (int i = 0; i < latent.initial().length; i++) {
                double d = latent.golden()[i] - latent.initial()[i];
                moved += d * d;
                size += latent.initial()[i] * latent.initial()[i];
            }
            System.out.printf("%s, seed %d: latent %s, golden noise moved x_T by %.3f of its norm%n",
                    prompt, seed, java.util.Arrays.toString(latent.shape()), Math.sqrt(moved / size));
        }
    }
}
