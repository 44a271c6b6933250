package dev.goldennoise.npnet;

/** One training pair as NPNet sees it: source noise, golden noise (both C·H·W) and the prompt's tokens (T·D). */
public record NpnetExample(float[] source, float[] golden, float[] text) {}
