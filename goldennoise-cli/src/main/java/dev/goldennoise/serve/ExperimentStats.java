package dev.goldennoise.serve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolling statistics of the live experiment, over the last {@code window} images of each arm and the last
 * {@code window} human votes between the arms.
 *
 * <p>The arms of single-image requests are different requests, so a scorer's win rate is unpaired: the chance that
 * a random recent golden image outscores a random recent control image, ties half (the Mann–Whitney AUC; 0.5 means
 * golden noise does not pay). Its sample is the number of control images, the scarce arm. A human vote on a
 * comparison is paired: golden picked counts 1, "same" ½, control picked 0.
 */
public final class ExperimentStats {
    public static final String HUMAN = "human";

    private final int window;
    private final Map<String, RollingWindow> golden = new LinkedHashMap<>();
    private final Map<String, RollingWindow> control = new LinkedHashMap<>();
    private final RollingWindow votes;

    public ExperimentStats(List<String> scorers, int window) {
        this.window = window;
        for (String s : scorers) {
            golden.put(s, new RollingWindow(window));
            control.put(s, new RollingWindow(window));
        }
        votes = new RollingWindow(window);
    }

    /** The sources of win rates: every scorer, then {@value #HUMAN}. */
    public synchronized List<String> sources() {
        List<String> out = new java.util.ArrayList<>(golden.keySet());
        out.add(HUMAN);
        return out;
    }

    /** An image's scores under the arm it was served in; scorers this service does not know are ignored. */
    public synchronized void addScores(Arm arm, Map<String, Double> scores) {
        Map<String, RollingWindow> side = arm == Arm.GOLDEN ? golden : control;
        scores.forEach((name, v) -> {
            RollingWindow w = side.get(name);
            if (w != null && Double.isFinite(v)) {
                w.add(v);
            }
        });
    }

    /** A human vote between the arms: 1 golden preferred, 0.5 the same, 0 control preferred. */
    public synchronized void addVote(double goldenScore) {
        votes.add(goldenScore);
    }

    public synchronized double meanScore(Arm arm, String scorer) {
        RollingWindow w = (arm == Arm.GOLDEN ? golden : control).get(scorer);
        return w == null ? Double.NaN : w.mean();
    }

    public synchronized WinRate winRate(String source) {
        if (source.equals(HUMAN)) {
            return votes.size() == 0 ? WinRate.NONE : new WinRate(votes.mean(), votes.size());
        }
        RollingWindow g = golden.get(source);
        RollingWindow c = control.get(source);
        if (g == null || g.size() == 0 || c.size() == 0) {
            return WinRate.NONE;
        }
        double wins = 0;
        for (int i = 0; i < g.size(); i++) {
            for (int j = 0; j < c.size(); j++) {
                double d = g.get(i) - c.get(j);
                wins += d > 0 ? 1 : d == 0 ? 0.5 : 0;
            }
        }
        return new WinRate(wins / ((double) g.size() * c.size()), Math.min(g.size(), c.size()));
    }

    /** Every source's win rate, in {@link #sources} order. */
    public synchronized Map<String, WinRate> winRates() {
        Map<String, WinRate> out = new LinkedHashMap<>();
        for (String s : sources()) {
            out.put(s, winRate(s));
        }
        return out;
    }

    public int window() {
        return window;
    }
}
