package dev.goldennoise.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses {@code --seeds}: single seeds and inclusive ranges, comma-separated, e.g. {@code 0-7} or {@code 3,5,10-12}. */
public final class SeedList {
    private static final long MAX_SEEDS = 1_000_000;

    private SeedList() {}

    public static List<Long> parse(String text) {
        Set<Long> seeds = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw bad(text, "an empty item");
            }
            int dash = p.indexOf('-', 1);
            try {
                if (dash < 0) {
                    if (seeds.size() >= MAX_SEEDS) {
                        throw bad(text, "more than " + MAX_SEEDS + " seeds (each seed is an image held in memory)");
                    }
                    seeds.add(Long.parseLong(p));
                } else {
                    long from = Long.parseLong(p.substring(0, dash).trim());
                    long to = Long.parseLong(p.substring(dash + 1).trim());
                    if (to < from) {
                        throw bad(text, "the range " + p + " runs backwards");
                    }
                    // to - from overflows for ranges wider than Long.MAX_VALUE; such a range is too long anyway
                    long span = to - from;
                    if (span < 0 || span >= MAX_SEEDS - seeds.size()) {
                        throw bad(text, "more than " + MAX_SEEDS + " seeds (each seed is an image held in memory)");
                    }
                    for (long s = from; s <= to; s++) {
                        seeds.add(s);
                    }
                }
            } catch (NumberFormatException e) {
                throw bad(text, "'" + p + "' is not a number or a range");
            }
        }
        return new ArrayList<>(seeds);
    }

    private static UserError bad(String text, String why) {
        return new UserError("malformed --seeds '" + text + "': " + why + "; use e.g. 0-7 or 3,5");
    }
}
