package dev.goldennoise.world;

import java.util.Locale;

/** The numbers counting prompts may use. One is a single prompt, and more than four rarely fits a 64 px canvas. */
enum CountWord {
    TWO(2),
    THREE(3),
    FOUR(4);

    private final int value;

    CountWord(int value) {
        this.value = value;
    }

    int value() {
        return value;
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CountWord of(int n) {
        for (CountWord c : values()) {
            if (c.value == n) {
                return c;
            }
        }
        throw new IllegalArgumentException("count " + n + " is not supported; use 2, 3 or 4");
    }

    static CountWord fromWord(String word) {
        for (CountWord c : values()) {
            if (c.word().equals(word)) {
                return c;
            }
        }
        return null;
    }
}
