package dev.goldennoise.world;

import java.util.Objects;

/** One object a prompt asks for. {@code size} is null when the prompt leaves it open. */
public record ObjectSpec(Colour colour, Shape shape, Size size) {
    public ObjectSpec {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
    }

    /** An object of any size. */
    public static ObjectSpec of(Colour colour, Shape shape) {
        return new ObjectSpec(colour, shape, null);
    }

    /** The same colour and shape with the size left open: what pairs and counts compare. */
    public ObjectSpec kind() {
        return size == null ? this : new ObjectSpec(colour, shape, null);
    }

    /** Whether {@code other} has the same colour and shape, whatever the sizes. */
    public boolean sameKind(ObjectSpec other) {
        return colour == other.colour && shape == other.shape;
    }

    /** "red circle": colour and shape, as failure messages name objects. */
    public String kindPhrase() {
        return colour.word() + " " + shape.word();
    }

    /** "a large red circle" or "a red circle": the object as a prompt says it. */
    public String phrase() {
        return "a " + (size == null ? "" : size.word() + " ") + kindPhrase();
    }
}
