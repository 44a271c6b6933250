package dev.goldennoise;

/**
 * One (prompt, seed)'s initial noise x_T and the golden noise made from it, each {@code shape} = (1, C, H, W) in C
 * order: what a diffusers pipeline takes as {@code latents=} once wrapped in a tensor of that shape.
 */
public record GoldenLatent(String prompt, long seed, long[] shape, float[] initial, float[] golden) {}
