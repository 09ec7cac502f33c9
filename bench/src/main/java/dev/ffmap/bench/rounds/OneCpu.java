package dev.ffmap.bench.rounds;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps every side of a comparison on one CPU: this JVM's measuring thread by
 * {@code sched_setaffinity}, the C and CPython servers by {@code taskset}, so that whatever slows
 * one CPU falls on all sides alike. On these virtual machines the host at times runs one vCPU at
 * about half its speed for seconds while the other runs at full speed; a throughput-bound loop on
 * the slow one against a server on the fast one gave ratios of one CPU's state against the other's.
 * The JVM's other threads (compiler, GC) are left free.
 *
 * <p>{@code choice} (system property {@code ffmap.bench.cpu}): {@code auto} (the default) pins to
 * the CPU that ran a short probe loop fastest, a number pins to that CPU, {@code none} pins nothing.
 */
final class OneCpu {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SET_AFFINITY = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final long MASK_BYTES = 128; // glibc's cpu_set_t: 1,024 CPUs
    private static final long PROBE_NANOS = 100_000_000;
    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    /** The CPU the sides run on, or -1. */
    private static int cpu = -1;

    private OneCpu() {
    }

    /** Pins this thread as {@code choice} says; returns the note the results carry about it. */
    static String pin(String choice) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (choice.equals("none") || cpus < 2) {
            return "Sides not pinned to a CPU (ffmap.bench.cpu=" + choice + ", " + cpus + " CPU(s)).";
        }
        String how;
        int chosen;
        if (choice.equals("auto")) {
            double[] speed = new double[cpus];
            for (int pass = 0; pass < 2; pass++) { // each CPU twice, alternating, keeping its better pass
                for (int c = 0; c < cpus; c++) {
                    if (setAffinity(c)) {
                        speed[c] = Math.max(speed[c], probe());
                    }
                }
            }
            chosen = 0;
            for (int c = 1; c < cpus; c++) {
                chosen = speed[c] > speed[chosen] ? c : chosen;
            }
            List<String> rates = new ArrayList<>();
            for (int c = 0; c < cpus; c++) {
                rates.add(String.format(Locale.ROOT, "CPU %d %.0f", c, speed[c]));
            }
            how = "the fastest in a probe loop, 2 × 100 ms on each CPU (million steps per second: "
                    + String.join(", ", rates) + ")";
        } else if (choice.matches("[0-9]+")) {
            chosen = Integer.parseInt(choice);
            how = "ffmap.bench.cpu=" + choice;
        } else {
            throw new IllegalArgumentException("ffmap.bench.cpu (FFMAP_BENCH_CPU) must be auto, none or a CPU number: "
                    + choice);
        }
        if (!setAffinity(chosen)) {
            return "Sides not pinned to a CPU: sched_setaffinity to CPU " + chosen + " failed.";
        }
        if (!Files.isExecutable(TASKSET)) {
            return "This JVM's measuring thread ran on CPU " + chosen + " (" + how + "); the C and CPython servers were"
                    + " not pinned: no " + TASKSET + ".";
        }
        cpu = chosen;
        return "All sides ran on CPU " + chosen + ", " + how + ": this JVM's measuring thread by sched_setaffinity,"
                + " the C and CPython servers by taskset.";
    }

    /** {@code program} run on the chosen CPU (by taskset), or as it is when nothing is pinned. */
    static List<String> command(List<String> program) {
        if (cpu < 0) {
            return program;
        }
        List<String> pinned = new ArrayList<>(List.of(TASKSET.toString(), "-c", Integer.toString(cpu)));
        pinned.addAll(program);
        return pinned;
    }

    /** Whether this thread now runs on {@code c} alone. */
    private static boolean setAffinity(int c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES);
            mask.set(ValueLayout.JAVA_BYTE, c / 8, (byte) (1 << (c % 8)));
            return (int) SET_AFFINITY.invokeExact(0, MASK_BYTES, mask) == 0; // 0: the calling thread
        } catch (Throwable t) {
            throw new IllegalStateException("sched_setaffinity", t);
        }
    }

    /**
     * Million steps a second of a loop of eight independent chains of shifts, xors and adds: a
     * loop bound by the core's throughput, as the Java sides' scans are, which whatever shares
     * the core slows (a loop bound by its own dependencies, like CPython's byte loop, barely feels it).
     */
    private static double probe() {
        long x0 = 1, x1 = 2, x2 = 3, x3 = 4, x4 = 5, x5 = 6, x6 = 7, x7 = 8;
        long steps = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 100_000; i++) {
                x0 = (x0 ^ x0 << 1) + i;
                x1 = (x1 ^ x1 << 3) + i;
                x2 = (x2 ^ x2 << 5) + i;
                x3 = (x3 ^ x3 << 7) + i;
                x4 = (x4 ^ x4 >>> 1) + i;
                x5 = (x5 ^ x5 >>> 3) + i;
                x6 = (x6 ^ x6 >>> 5) + i;
                x7 = (x7 ^ x7 >>> 7) + i;
            }
            steps += 100_000;
            now = System.nanoTime();
        } while (now - start < PROBE_NANOS);
        if ((x0 ^ x1 ^ x2 ^ x3 ^ x4 ^ x5 ^ x6 ^ x7) == 42) { // keeps the chains' results alive
            System.err.print("");
        }
        return steps / ((now - start) / 1e3);
    }
}
