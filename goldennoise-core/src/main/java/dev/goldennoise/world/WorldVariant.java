package dev.goldennoise.world;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which version of the shapes world scenes are drawn from. A variant changes what the renders look like while every
 * prompt, and the checker, keep their meaning, so a model trained on a variant is a model derived from the built-in
 * one (as fine-tuned community models derive from a base model) that the same checker can still grade.
 */
public enum WorldVariant {
    /** Objects anywhere on the canvas: the world the built-in model was trained on. */
    STANDARD(Renderer.CANVAS),
    /** Objects only in the top-left 48×48 pixels of the 64×64 canvas: the same scenes, another layout prior. */
    CORNER(48);

    private final int extent;

    WorldVariant(int extent) {
        this.extent = extent;
    }

    /** Objects' bounding boxes lie within [0, extent) on both axes, less the renderer's margin. */
    public int extent() {
        return extent;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorldVariant parse(String name) {
        for (WorldVariant v : values()) {
            if (v.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown world '" + name + "'; known: "
                + Arrays.stream(values()).map(WorldVariant::label).collect(Collectors.joining(", ")));
    }
}
