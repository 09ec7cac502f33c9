package dev.ffmap.bench.rounds;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measures a comparison in interleaved rounds. First a warm-up: every side runs batches in turn
 * (A, B, C, A, B, C …) until each has run for the plan's warm-up time, which also sizes each
 * side's batch to the plan's batch time. Then the rounds: in each, every side runs one batch of
 * that fixed size, the order turned by one place each round (A B C, B C A, C A B …) so that no
 * side always runs first or always after the same neighbour. A busy neighbour on the machine
 * then slows all sides of the same round, and the ratio of two sides within one round stays
 * meaningful where their absolute figures do not.
 */
public final class Rounds {
    private final Comparison comparison;
    private final Plan plan;
    private final List<Side> sides;
    private final long[] ops;
    private final String[] failure;
    private final List<List<Sample>> samples = new ArrayList<>();

    /**
     * The least operations each side runs in the warm-up. A quiet compiler is not enough: a short
     * warm-up can end while the hot path still runs C1's profiling code, which compiles nothing
     * more until its counters reach C2's thresholds (thousands of calls). ffmap's open + map took
     * about 1.4× FileChannel's after 500 warm-up calls of each, and 0.88× after 10,000.
     */
    static final long WARM_OPS = 20_000;

    private Rounds(Comparison comparison, Plan plan) {
        this.comparison = comparison;
        this.plan = plan;
        this.sides = comparison.sides();
        this.ops = new long[sides.size()];
        this.failure = new String[sides.size()];
        for (int i = 0; i < sides.size(); i++) {
            samples.add(new ArrayList<>());
            ops[i] = Math.max(1, sides.get(i).fixedOps());
        }
    }

    /** Runs the comparison and closes its sides. */
    public static Outcome run(Comparison comparison, Plan plan) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Rounds r = new Rounds(comparison, plan);
        List<Double> load = new ArrayList<>();
        double warmup;
        try (comparison) {
            r.warmUp();
            warmup = (System.nanoTime() - t0) / 1e9;
            for (int round = 0; round < comparison.rounds(); round++) {
                r.round(round);
                load.add(loadAverage());
                System.err.printf(Locale.ROOT, "rounds: %s %d/%d%n", comparison.id(), round + 1, comparison.rounds());
            }
        }
        List<Outcome.SideRecord> records = new ArrayList<>();
        for (int i = 0; i < r.sides.size(); i++) {
            Side s = r.sides.get(i);
            records.add(new Outcome.SideRecord(s.label(), s.family(), r.ops[i], r.samples.get(i), r.failure[i]));
        }
        List<String> notes = new ArrayList<>(comparison.notes());
        notes.addAll(NativeSide.commands(r.sides));
        return new Outcome(comparison.id(), comparison.title(), plan.mode(), comparison.bytesPerOp(),
                started.truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - t0) / 1e9, warmup, records,
                comparison.targets(), notes, load);
    }

    /**
     * Interleaved passes (one batch of each side) until every side has run for the warm-up time
     * and {@link #WARM_OPS} operations, and a whole pass went by without the JIT compiling anything
     * worth counting (under 2% of the pass's time): then the code the rounds time is the code that
     * stays. At most six times the warm-up time. The batches also size the rounds' batches. A side
     * of fixed batch size (one whose operation takes seconds) warms up once, in the first pass.
     */
    private void warmUp() {
        int n = sides.size();
        long[] spent = new long[n];
        long[] done = new long[n];
        for (int pass = 0; ; pass++) {
            long compiled = compileMillis();
            long passStart = System.nanoTime();
            boolean ran = false;
            boolean warm = pass >= 2;
            for (int i = 0; i < n; i++) {
                boolean calibrating = sides.get(i).fixedOps() == 0;
                if (failure[i] != null || (pass > 0 && !calibrating)) {
                    continue;
                }
                long t0 = System.nanoTime();
                if (calibrating) {
                    Sample s = batch(i);
                    done[i] += ops[i];
                    if (s != null) {
                        ops[i] = nextOps(ops[i], s.nsPerOp());
                    }
                } else {
                    attempt(i, sides.get(i)::warmUp);
                }
                spent[i] += System.nanoTime() - t0;
                warm &= spent[i] >= plan.warmupNanos() && (done[i] >= WARM_OPS || !calibrating);
                ran = true;
            }
            double passMillis = (System.nanoTime() - passStart) / 1e6;
            boolean settled = compileMillis() - compiled < 0.02 * passMillis;
            boolean capped = IntStream.range(0, n).allMatch(i -> failure[i] != null || sides.get(i).fixedOps() != 0
                    || spent[i] >= 6 * plan.warmupNanos());
            if (!ran || (warm && settled) || capped) {
                return;
            }
        }
    }

    /** The JIT's total compilation time so far, in milliseconds (0 where the JVM does not say). */
    private static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The batch size that takes the plan's batch time, growing at most 100× a step. */
    private long nextOps(long current, double nsPerOp) {
        double wanted = plan.batchNanos() / Math.max(nsPerOp, 1);
        return Math.max(1, Math.min((long) wanted, current * 100));
    }

    private void round(int round) {
        int n = sides.size();
        for (int k = 0; k < n; k++) {
            int i = (round + k) % n;
            if (failure[i] == null) {
                Sample s = batch(i);
                if (s != null) {
                    samples.get(i).add(s);
                }
            }
        }
    }

    /** One batch of side i, or null if it failed (then it runs no more). */
    private Sample batch(int i) {
        Sample[] out = new Sample[1];
        attempt(i, () -> out[0] = sides.get(i).run(ops[i]));
        return out[0];
    }

    /** Something a side does that may fail: then the side is marked failed and runs no more. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void attempt(int i, Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            failure[i] = e.toString();
            System.err.println("rounds: " + comparison.id() + ": " + sides.get(i).label() + " failed: " + e);
            if (e instanceof VirtualMachineError v) {
                throw v;
            }
        }
    }

    /** The 1-minute load average, or NaN where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
