package dev.goldennoise.world;

/**
 * An object the checker found: one connected component of pixels of one colour. The bounds are inclusive pixel
 * coordinates; the centre is the bounding-box centre, which is what {@link PlacedObject#centreX()} measures too, so
 * the checker reads a render's relations the way the renderer laid them out.
 */
public record DetectedObject(Colour colour, Shape shape, Size size, int pixels, double centreX, double centreY,
                             int minX, int minY, int maxX, int maxY) {

    /** "red circle": colour and shape, as failure messages name objects. */
    public String kindPhrase() {
        return colour.word() + " " + shape.word();
    }

    public boolean sameKind(ObjectSpec spec) {
        return colour == spec.colour() && shape == spec.shape();
    }
}
