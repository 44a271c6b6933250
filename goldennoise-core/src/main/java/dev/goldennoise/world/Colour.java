package dev.goldennoise.world;

import java.util.Locale;

/** The six object colours of the shapes world, with their exact RGB values and prompt words. */
public enum Colour {
    RED(220, 40, 40),
    GREEN(40, 160, 60),
    BLUE(40, 80, 220),
    YELLOW(230, 200, 30),
    PURPLE(150, 60, 190),
    BLACK(30, 30, 30);

    private final int r;
    private final int g;
    private final int b;

    Colour(int r, int g, int b) {
        this.r = r;
        this.g = g;
        this.b = b;
    }

    public int r() {
        return r;
    }

    public int g() {
        return g;
    }

    public int b() {
        return b;
    }

    /** The word used in prompts, e.g. "red". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The colour named by a prompt word; the error lists the colours so the caller can fix the prompt. */
    public static Colour fromWord(String word) {
        for (Colour c : values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        throw new PromptException("unknown colour '" + word + "'; known colours: " + words());
    }

    static String words() {
        StringBuilder sb = new StringBuilder();
        for (Colour c : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.word());
        }
        return sb.toString();
    }
}
