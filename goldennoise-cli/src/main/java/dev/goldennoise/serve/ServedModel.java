package dev.goldennoise.serve;

import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.noise.NoiseStrategy;
import dev.goldennoise.policy.PromptPolicy;
import dev.goldennoise.score.Scorer;

import java.util.List;

/**
 * What the service serves: the model (with its name and weights digest for provenance), the golden arm's strategy
 * (with the digest of its weights, null when it reads none), the scorers both arms are scored by, and the rules
 * prompts must pass.
 *
 * @param commit the goldennoise commit images are stamped with, or null when not known
 */
public record ServedModel(DiffusionModel model, String name, String digest, NoiseStrategy golden, String goldenDigest,
                          List<Scorer> scorers, PromptCheck prompts, PromptPolicy policy, String commit) {}
