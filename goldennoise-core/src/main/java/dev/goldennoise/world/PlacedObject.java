package dev.goldennoise.world;

import java.util.Objects;

/** An object as laid out on the canvas: its square bounding box has top-left (x, y) and side {@code side} pixels. */
public record PlacedObject(Colour colour, Shape shape, int x, int y, int side) {
    public PlacedObject {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        if (side <= 0) {
            throw new IllegalArgumentException("side must be positive, got " + side);
        }
    }

    /** Centre of the bounding box; the relation rules compare these. */
    public double centreX() {
        return x + side / 2.0;
    }

    public double centreY() {
        return y + side / 2.0;
    }

    /** Size class of the side, as the checker will read it. */
    public Size size() {
        return Size.ofSide(side);
    }

    /**
     * Pixels of empty space between the two bounding boxes along the axis where they are furthest apart; negative when
     * the boxes overlap.
     */
    public int gapTo(PlacedObject o) {
        int gx = Math.max(o.x - (x + side), x - (o.x + o.side));
        int gy = Math.max(o.y - (y + side), y - (o.y + o.side));
        return Math.max(gx, gy);
    }
}
