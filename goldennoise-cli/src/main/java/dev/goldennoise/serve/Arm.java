package dev.goldennoise.serve;

import java.util.Locale;

/** The two arms of the live experiment: golden noise (the service's strategy) and the control group on standard noise. */
public enum Arm {
    GOLDEN, CONTROL;

    /** The name in JSON, the database and metric tags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
