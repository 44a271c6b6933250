package dev.goldennoise.eval;

/**
 * The answer a proof of concept wants, stated by a rule anyone can check against the numbers beside it. The
 * primary metric's gain interval decides first; the independent judge must then agree, because a gain that only the
 * scorer the noise was trained or selected on can see is reward hacking, not a better image.
 */
public enum Verdict {
    BETTER("better"),
    UNCONFIRMED("not confirmed"),
    NO_EVIDENCE("no evidence"),
    WORSE("worse");

    /** Significance level of the judge's sign test. */
    public static final double ALPHA = 0.05;

    public static final String RULE = "better: the primary metric's 95% gain interval lies above zero and the independent"
            + " judge prefers the strategy (more strict wins than losses, sign test p < 0.05); not confirmed: the interval"
            + " lies above zero but the judge does not confirm it, or there is no independent judge and the primary metric"
            + " is the training scorer; worse: the interval lies below zero, or it spans zero and the judge prefers the"
            + " baseline (p < 0.05); no evidence: otherwise.";

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /**
     * @param primary             the gain on the primary metric
     * @param judge               the comparison on the independent judge, or null when there is none (or the judge
     *                            is itself the primary metric)
     * @param primaryIsTraining   whether the primary metric is the scorer the noise was trained or selected on
     */
    public static Verdict of(PairedGain primary, PairedComparison judge, boolean primaryIsTraining) {
        boolean judgeFor = judge != null && judge.wins() > judge.losses() && judge.pValue() < ALPHA;
        boolean judgeAgainst = judge != null && judge.losses() > judge.wins() && judge.pValue() < ALPHA;
        if (primary.above()) {
            if (judge == null) {
                return primaryIsTraining ? UNCONFIRMED : BETTER;
            }
            return judgeFor ? BETTER : UNCONFIRMED;
        }
        if (primary.below() || judgeAgainst) {
            return WORSE;
        }
        return NO_EVIDENCE;
    }
}
