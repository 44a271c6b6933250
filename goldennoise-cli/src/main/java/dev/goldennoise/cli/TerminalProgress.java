package dev.goldennoise.cli;

import dev.goldennoise.util.ProgressSink;
import dev.goldennoise.util.ProgressTask;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.Locale;

/** Progress bars on standard error, one style for every long job: count, rate, ETA and a free-form message. */
final class TerminalProgress implements ProgressSink {
    @Override
    public ProgressTask start(String task, long total, long done) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                // the library's default pattern "#.0" prints 0.7 as ".7/s"
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .startsFrom(done, Duration.ZERO)
                .build();
        return new ProgressTask() {
            @Override
            public void stepBy(long n) {
                bar.stepBy(n);
            }

            @Override
            public void stepTo(long count) {
                bar.stepTo(count);
            }

            @Override
            public void message(String message) {
                // the library prints the message right after the rate, so it is set off by a space
                bar.setExtraMessage(" " + message.strip());
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
