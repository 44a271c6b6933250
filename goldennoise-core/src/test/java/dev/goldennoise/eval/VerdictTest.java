package dev.goldennoise.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The verdict rule on hand-made cases: a clear win, a tie, a loss, and the cases the judge must settle. */
class VerdictTest {
    private static final PairedGain CLEAR_WIN = PairedGain.newcombe(300, 60, 20, 420);
    private static final PairedGain TIE = PairedGain.newcombe(300, 30, 30, 440);
    private static final PairedGain CLEAR_LOSS = PairedGain.newcombe(300, 20, 60, 420);
    private static final PairedComparison JUDGE_FOR = judge(500, 300);
    private static final PairedComparison JUDGE_EVEN = judge(400, 400);
    private static final PairedComparison JUDGE_AGAINST = judge(300, 500);

    private static PairedComparison judge(long wins, long losses) {
        long n = wins + losses;
        return new PairedComparison(wins, 0, losses, (double) wins / n, WilsonInterval.of(wins, n), SignTest.pValue(wins, losses),
                0);
    }

    @Test
    void aClearWinTheJudgeConfirmsIsBetter() {
        assertEquals(Verdict.BETTER, Verdict.of(CLEAR_WIN, JUDGE_FOR, false));
    }

    @Test
    void aWinTheJudgeDoesNotSeeIsNotConfirmed() {
        assertEquals(Verdict.UNCONFIRMED, Verdict.of(CLEAR_WIN, JUDGE_EVEN, false));
        assertEquals(Verdict.UNCONFIRMED, Verdict.of(CLEAR_WIN, JUDGE_AGAINST, false));
    }

    @Test
    void theTrainingScorerAloneNeverMakesAStrategyBetter() {
        assertEquals(Verdict.UNCONFIRMED, Verdict.of(CLEAR_WIN, null, true));
        assertEquals(Verdict.BETTER, Verdict.of(CLEAR_WIN, null, false), "the checker alone is ground truth");
    }

    @Test
    void aTieIsNoEvidenceUnlessTheJudgeSeesALoss() {
        assertEquals(Verdict.NO_EVIDENCE, Verdict.of(TIE, JUDGE_EVEN, false));
        assertEquals(Verdict.NO_EVIDENCE, Verdict.of(TIE, JUDGE_FOR, false));
        assertEquals(Verdict.NO_EVIDENCE, Verdict.of(TIE, null, false));
        assertEquals(Verdict.WORSE, Verdict.of(TIE, JUDGE_AGAINST, false));
    }

    @Test
    void aClearLossIsWorseWhateverTheJudgeSays() {
        assertEquals(Verdict.WORSE, Verdict.of(CLEAR_LOSS, JUDGE_FOR, false));
        assertEquals(Verdict.WORSE, Verdict.of(CLEAR_LOSS, null, true));
    }
}
