package dev.ffmap.bench;

import java.util.Locale;

/** Times in the unit that suits them: ns, µs, ms or s. */
final class Units {
    private Units() {
    }

    /** Nanoseconds in the unit that suits a time of about {@code ns}. */
    static double nanosPer(double ns) {
        return ns >= 1e9 ? 1e9 : ns >= 1e6 ? 1e6 : ns >= 1e3 ? 1e3 : 1;
    }

    static String name(double ns) {
        return ns >= 1e9 ? "s" : ns >= 1e6 ? "ms" : ns >= 1e3 ? "µs" : "ns";
    }

    /** {@code "12.3 µs"}: three significant digits or so. */
    static String time(double ns) {
        double v = ns / nanosPer(ns);
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, name(ns));
    }

    /** A time in a given unit, without the unit's name. */
    static String in(double ns, double unitNanos) {
        double v = ns / unitNanos;
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** Bytes: {@code "4.0 KiB"}, {@code "128 KiB"}, {@code "1.2 MiB"}, or {@code "512 B"}. */
    static String bytes(double b) {
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        if (b >= 1 << 10) {
            return String.format(Locale.ROOT, b >= 100 << 10 ? "%.0f KiB" : "%.1f KiB", b / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }
}
