package dev.ffmap.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second, with bytes done, rate
 * and time left: {@code [########......]  57%  2.9 GiB / 5.0 GiB  1.4 GiB/s  2 s left  touch}.
 * It draws only on a terminal and is silent otherwise (pipes, logs, tests), where the command's
 * own summary says the same once. Written here rather than taken from a library: the libraries
 * for it (progressbar, with JLine for the terminal width) would add more than this whole class
 * to the command's start-up and jar for one line of text.
 */
final class Progress {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean shown;
    private final long start = System.nanoTime();
    private final long total;
    private long drawnAt = start - REDRAW_NANOS; // the first call draws
    private int drawnWidth;

    /** A bar for {@code total} bytes on {@code err}, drawn only if {@code shown}; see {@link Base#progress}. */
    Progress(PrintStream err, boolean shown, long total) {
        this.err = err;
        this.shown = shown;
        this.total = total;
    }

    /** Now at {@code done} of {@code total} bytes, working on {@code what}. */
    void at(long done, String what) {
        long now = System.nanoTime();
        if (!shown || now - drawnAt < REDRAW_NANOS) {
            return;
        }
        drawnAt = now;
        long elapsed = now - start;
        double part = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) (part * WIDTH);
        String left = done == 0 ? "" : String.format(Locale.ROOT, "  %.0f s left", (elapsed / part - elapsed) / 1e9);
        String line = String.format(Locale.ROOT, "[%s%s] %3d%%  %s / %s  %s%s  %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), (int) (part * 100), Units.human(done), Units.human(total),
                Units.rate(done, elapsed), left, what);
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    /** Clears the bar, leaving the line for what follows. */
    void done() {
        if (shown && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
        }
    }
}
