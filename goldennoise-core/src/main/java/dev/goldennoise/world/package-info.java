/**
 * The shapes world: a procedurally rendered world of coloured shapes on a flat background that the built-in
 * text-to-image diffusion model is trained on and evaluated against, with an exact checker in place of a learned judge.
 *
 * <p>Images are 64×64 RGB on (245, 245, 245). Objects: six {@link dev.goldennoise.world.Colour colours} × three
 * {@link dev.goldennoise.world.Shape shapes} (circle, square, upright triangle), small (side 10–13 px) or large
 * (18–24 px). Prompts, lower case with single spaces ({@link dev.goldennoise.world.PromptParser}):
 * <ul>
 *   <li>single: {@code a red circle}, {@code a large blue square}</li>
 *   <li>pair: {@code a red circle and a blue square} (two different colour-shape kinds)</li>
 *   <li>position: {@code a red circle to the left of a blue square} (also to the right of, above, below)</li>
 *   <li>counting: {@code two yellow triangles}, {@code three green circles}, {@code four black squares}</li>
 * </ul>
 * {@link dev.goldennoise.world.Renderer} draws a random anti-aliased layout for a (spec, seed);
 * {@link dev.goldennoise.world.Checker} finds the objects in any image and says whether it matches a spec.
 * {@link dev.goldennoise.world.PromptSets} fixes the prompt sets: 54 single, 306 pair, 1,224 position and 54 counting
 * prompts; pair and position prompts over 50 held-out kind pairs (100 and 400 prompts) are evaluation-only, and the
 * standard evaluation set is 100 prompts per category. See docs/WORLD.md.
 */
package dev.goldennoise.world;
