package dev.goldennoise.world;

/**
 * How one pixel is explained as a palette colour blended over the background: the colour, its coverage in [0, 1] and
 * the distance (RGB units) between the pixel and that blend.
 */
public record ColourFit(Colour colour, double coverage, double residual) {}
