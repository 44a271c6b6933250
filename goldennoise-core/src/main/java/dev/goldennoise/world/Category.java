package dev.goldennoise.world;

import java.util.Locale;

/** The four kinds of prompt; evaluation results are reported per category. */
public enum Category {
    SINGLE,
    PAIR,
    POSITION,
    COUNTING;

    /** Lower-case name used in reports and command-line options, e.g. "position". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
