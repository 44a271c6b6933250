package dev.goldennoise.eval;

import dev.goldennoise.score.Scorer;

import java.util.Locale;

/**
 * The compact plain-text summary printed at the end of {@code evaluate}, answer first; the full picture is in the
 * report.
 */
public final class SummaryTable {
    private SummaryTable() {}

    public static String of(Evaluation e, PocSummary a) {
        StringBuilder t = new StringBuilder();
        if (!a.rows().isEmpty()) {
            t.append(String.format(Locale.ROOT, "against %s, primary metric %s (verdict rule: see report.html)%n", e.baseline().label(),
                    a.primary()));
            String label = "%-" + a.rows().stream().mapToInt(r -> r.label().length()).max().orElse(0) + "s";
            t.append(String.format(Locale.ROOT, label + " %-13s %9s %21s %13s %13s %17s%n", "strategy", "verdict", "gain",
                    "95% interval", "win, p", "judge win, p", "extra time"));
            for (StrategyAnswer r : a.rows()) {
                t.append(String.format(Locale.ROOT, label + " %-13s %9s %21s %13s %13s %+10.4f s %+5.0f%%%n", r.label(),
                        r.verdict().word(), HtmlReport.gain(r.gain(), r.gain().gain()),
                        HtmlReport.gain(r.gain(), r.gain().low()) + " – " + HtmlReport.gain(r.gain(), r.gain().high()),
                        shortWin(r.primaryComparison()), r.judge() == null ? "—" : shortWin(r.judge()),
                        r.extraSecondsPerImage(), r.extraTimePercent()));
            }
            t.append('\n');
        }
        boolean checked = e.sheet().checked();
        t.append(String.format(Locale.ROOT, "%-16s", checked ? "checker acc." : "cost"));
        if (checked) {
            e.groups().forEach(g -> t.append(String.format(Locale.ROOT, " %9s", g)));
        }
        t.append(String.format(Locale.ROOT, " %10s %9s %8s%n", "s/image", "denoiser", "extra"));
        for (LabelledStrategy s : e.strategies()) {
            t.append(String.format(Locale.ROOT, "%-16s", s.label()));
            if (checked) {
                e.groups().forEach(g -> t.append(String.format(Locale.ROOT, " %8.1f%%", 100 * e.summary().get(s.label()).get(g).accuracy())));
            }
            StrategyCost c = e.cost().get(s.label());
            t.append(String.format(Locale.ROOT, " %10.4f %9d %+7.1f%%%n", c.secondsPerImage(), c.denoiserCallsPerImage(), c.extraTimePercent()));
        }
        t.append(String.format(Locale.ROOT, "%nmean score per metric%n%-28s", "strategy metric"));
        e.groups().forEach(g -> t.append(String.format(Locale.ROOT, " %9s", g)));
        t.append('\n');
        for (LabelledStrategy s : e.strategies()) {
            for (Scorer sc : e.scorers()) {
                t.append(String.format(Locale.ROOT, "%-28s", s.label() + " " + sc.name()));
                e.groups().forEach(g -> t.append(String.format(Locale.ROOT, " %9.3f", e.summary().get(s.label()).get(g).means().get(sc.name()))));
                t.append('\n');
            }
        }
        if (!e.comparisons().isEmpty()) {
            t.append(String.format(Locale.ROOT, "%nagainst %s on all items (win: strict win rate; ties ½: a tie counts half a win)%n",
                    e.baseline().label()));
            t.append(String.format(Locale.ROOT, "%-32s %5s %5s %6s %8s %17s %9s %9s%n",
                    "strategy / metric", "wins", "ties", "losses", "win", "95% interval", "ties ½", "p (sign)"));
            e.comparisons().forEach((label, metrics) -> {
                for (Scorer sc : e.scorers()) {
                    PairedComparison c = metrics.get(sc.name()).get(Evaluation.ALL);
                    t.append(String.format(Locale.ROOT, "%-32s %5d %5d %6d %7.1f%% %7.1f%% – %6.1f%% %8.1f%% %9.3g%n",
                            label + " / " + sc.name(), c.wins(), c.ties(), c.losses(), 100 * c.winRate(),
                            100 * c.interval().low(), 100 * c.interval().high(), 100 * c.winRateTiesHalf(), c.pValue()));
                }
            });
        }
        return t.toString();
    }

    private static String shortWin(PairedComparison c) {
        return String.format(Locale.ROOT, "%.1f%% %.1g", 100 * c.winRate(), c.pValue());
    }
}
