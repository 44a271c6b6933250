package dev.goldennoise.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/** Progress bars on standard error, one style for every long job: count, rate, ETA and a free-form message. */
public final class Progress {
    private Progress() {}

    /** A bar already advanced to {@code done}, for resumed work. */
    public static ProgressBar bar(String task, long total, long done) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .showSpeed()
                .startsFrom(done, Duration.ZERO)
                .build();
    }
}
