package dev.goldennoise.serve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drift alarm on a scripted sequence of scores and votes. */
class DriftAlarmTest {
    @Test
    void goesOnOnceWhenGoldenStopsWinningOverTheMinimumSampleAndOffWhenItRecovers() {
        ExperimentStats stats = new ExperimentStats(List.of("preference"), 40);
        List<String> log = new ArrayList<>();
        DriftAlarm alarm = new DriftAlarm(0.5, 20, log::add);
        Random rnd = new Random(1);
        // golden pays: its scores run 1 point above control's
        for (int i = 0; i < 200; i++) {
            stats.addScores(Arm.GOLDEN, Map.of("preference", 81 + rnd.nextGaussian()));
            if (i % 5 == 0) {
                stats.addScores(Arm.CONTROL, Map.of("preference", 80 + rnd.nextGaussian()));
            }
            assertFalse(alarm.update(stats.winRates()), "golden wins at step " + i + ": " + stats.winRate("preference"));
        }
        assertTrue(stats.winRate("preference").rate() > 0.7, stats.winRate("preference").toString());
        assertEquals(40, stats.winRate("preference").sample(), "control images in the window");
        // then it drifts 2 points below; the window forgets the good days and the alarm goes on, once
        int onAt = -1;
        for (int i = 0; i < 300; i++) {
            stats.addScores(Arm.GOLDEN, Map.of("preference", 78 + rnd.nextGaussian()));
            if (i % 5 == 0) {
                stats.addScores(Arm.CONTROL, Map.of("preference", 80 + rnd.nextGaussian()));
            }
            if (alarm.update(stats.winRates()) && onAt < 0) {
                onAt = i;
            }
        }
        assertTrue(onAt >= 0 && onAt < 60, "the alarm went on soon after the drift: step " + onAt);
        assertTrue(alarm.on());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("warning: drift alarm on") && log.get(0).contains("preference"), log.get(0));
        for (int i = 0; i < 200; i++) {
            stats.addScores(Arm.GOLDEN, Map.of("preference", 82 + rnd.nextGaussian()));
            if (i % 5 == 0) {
                stats.addScores(Arm.CONTROL, Map.of("preference", 80 + rnd.nextGaussian()));
            }
            alarm.update(stats.winRates());
        }
        assertFalse(alarm.on());
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(1).startsWith("drift alarm off"), log.get(1));
    }

    @Test
    void waitsForTheMinimumSampleAndReadsHumanVotes() {
        ExperimentStats stats = new ExperimentStats(List.of("checker"), 50);
        List<String> log = new ArrayList<>();
        DriftAlarm alarm = new DriftAlarm(0.5, 10, log::add);
        for (int i = 0; i < 9; i++) {
            stats.addVote(0); // control preferred every time, but only 9 votes
            assertFalse(alarm.update(stats.winRates()));
        }
        stats.addVote(0.5);
        assertEquals(new WinRate(0.05, 10), stats.winRate(ExperimentStats.HUMAN));
        assertTrue(alarm.update(stats.winRates()), "10 votes are the minimum sample");
        assertTrue(log.get(0).contains("human 0.050 over 10"), log.get(0));
        assertEquals(WinRate.NONE, stats.winRate("checker"), "no images, no scorer win rate");
    }

    @Test
    void tiesCountHalfInTheUnpairedWinRate() {
        ExperimentStats stats = new ExperimentStats(List.of("checker"), 10);
        stats.addScores(Arm.GOLDEN, Map.of("checker", 1.0));
        stats.addScores(Arm.GOLDEN, Map.of("checker", 0.0));
        stats.addScores(Arm.CONTROL, Map.of("checker", 0.0));
        // golden 1 beats control 0; golden 0 ties it: (1 + 0.5) / 2
        assertEquals(new WinRate(0.75, 1), stats.winRate("checker"));
        assertEquals(0.5, stats.meanScore(Arm.GOLDEN, "checker"));
    }
}
