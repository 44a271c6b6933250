package dev.goldennoise.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;

/** Progress bars on standard error, one style for every long job: count, rate, ETA and a free-form message. */
public final class Progress {
    private Progress() {}

    /** Sets the bar's message; the library prints it right after the rate, so it is set off by a space here. */
    public static void message(ProgressBar bar, String message) {
        bar.setExtraMessage(" " + message.strip());
    }

    /** A bar already advanced to {@code done}, for resumed work. */
    public static ProgressBar bar(String task, long total, long done) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                // the library's default pattern "#.0" prints 0.7 as ".7/s"
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .startsFrom(done, Duration.ZERO)
                .build();
    }
}
