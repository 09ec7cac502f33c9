package dev.ffmap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The sides of one comparison, measured in interleaved rounds: each round runs every side once
 * (A, B, C, then B, C, A, ...), so that a change in the machine's load between rounds falls on
 * all sides alike. Each side's result is the median of its rounds; each ratio is the median of
 * the per-round ratios, with their spread. A side is called faster or slower than the baseline
 * only when at least three rounds in four agree (the interquartile range of the ratios lies on
 * one side of 1); otherwise the spread is too wide to call a winner.
 */
final class Rounds {
    /** One unit of work of a side; returns the nanoseconds it took (what the side chooses to time). */
    interface Timed {
        long nanos() throws IOException;
    }

    /** A named side. */
    record Side(String name, Timed work) {
    }

    /** How a time is shown: its unit and the conversion from nanoseconds (e.g. to GB/s for a scan). */
    record Shown(String unit, DoubleUnaryOperator fromNanos) {
        static Shown micros() {
            return new Shown("us", n -> n / 1e3);
        }

        static Shown millis() {
            return new Shown("ms", n -> n / 1e6);
        }

        static Shown throughput(long bytes) {
            return new Shown("GB/s", n -> bytes / n);
        }
    }

    private final List<String> names;
    private final long[][] nanos; // [side][round]

    /**
     * Warm-up runs of each side before the rounds of a per-mapping case: past the thousands of
     * calls after which C2 compiles the hot path. Fewer time C1's profiling code instead, where
     * ffmap's longer path costs more than the JDK's: after 500 runs, map + close of a 5 GiB file
     * measured 0.72× FileChannel's speed; after 20,000, 1.00×.
     */
    static final int JIT_WARMUP = 20_000;

    /** Per-round times already measured, {@code nanos[side][round]}. */
    Rounds(List<String> names, long[][] nanos) {
        this.names = List.copyOf(names);
        this.nanos = nanos;
    }

    /**
     * Runs {@code warmup} untimed units of each side, then {@code rounds} rounds; in a round
     * each side runs {@code batch} units and counts the median of them.
     */
    static Rounds run(List<Side> sides, int warmup, int rounds, int batch, Runnable afterEach) throws IOException {
        int n = sides.size();
        for (int w = 0; w < warmup; w++) {
            for (Side s : sides) {
                s.work().nanos();
            }
        }
        long[][] nanos = new long[n][rounds];
        long[] units = new long[batch];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int side = (r + k) % n; // each side leads in turn
                for (int b = 0; b < batch; b++) {
                    units[b] = sides.get(side).work().nanos();
                }
                Arrays.sort(units);
                nanos[side][r] = units[batch / 2];
                afterEach.run();
            }
        }
        return new Rounds(sides.stream().map(Side::name).toList(), nanos);
    }

    /** The median time of {@code side} over the rounds, in nanoseconds. */
    double median(int side) {
        return Spread.of(Arrays.stream(nanos[side]).asDoubleStream().toArray()).median();
    }

    /** Per round, the baseline's time over {@code side}'s: above 1, {@code side} was faster. */
    Spread ratio(int side, int baseline) {
        double[] r = new double[nanos[side].length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) nanos[baseline][i] / Math.max(1, nanos[side][i]);
        }
        return Spread.of(r);
    }

    /** One row per side: its median, and its ratio to {@code baseline} with the spread and the verdict. */
    void print(PrintStream out, int baseline, Shown shown) {
        for (int i = 0; i < names.size(); i++) {
            String value = String.format(Locale.ROOT, "%10.2f %-4s", shown.fromNanos().applyAsDouble(median(i)),
                    shown.unit());
            String ratio = i == baseline ? String.format(Locale.ROOT, "%5.2fx  the baseline", 1.0) : ratio(i, baseline).describe();
            out.printf(Locale.ROOT, "  %-44s %s %s%n", names.get(i), value, ratio);
        }
    }

    /** The legend printed under a comparison's tables. */
    static void legend(PrintStream out, int rounds) {
        out.printf(Locale.ROOT, "ratio: how many times faster than the baseline (> 1 is faster), the median of %d"
                + " interleaved rounds;%n", rounds);
        out.println("IQR: the middle half of the per-round ratios, range: all of them. A side is called faster or");
        out.println("slower only when three rounds in four agree; otherwise the spread is too wide to call.");
    }

    /** The median, quartiles and extremes of some values. */
    record Spread(double median, double q1, double q3, double min, double max) {
        static Spread of(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return new Spread(quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v[0], v[v.length - 1]);
        }

        /** Linear interpolation between the closest ranks, as numpy's default. */
        private static double quantile(double[] sorted, double q) {
            double at = q * (sorted.length - 1);
            int lo = (int) Math.floor(at);
            int hi = Math.min(sorted.length - 1, lo + 1);
            return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
        }

        /** Faster, slower, or too close to call, from where the interquartile range lies. */
        String verdict() {
            return q1 > 1 ? "faster" : q3 < 1 ? "slower" : "spread too wide to call";
        }

        String describe() {
            return String.format(Locale.ROOT, "%5.2fx  IQR %.2f-%.2f  range %.2f-%.2f  %s", median, q1, q3, min, max,
                    verdict());
        }
    }
}
