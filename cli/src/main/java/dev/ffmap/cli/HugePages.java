package dev.ffmap.cli;

import dev.ffmap.Advice;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.MmapException;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code ffmap compare --huge}: what only native flags give for anonymous memory. Each round
 * allocates and fills the same amount three ways, in turn: {@code Arena.ofShared().allocate}
 * (what a Java user has: 4 KiB pages, each zeroed at its first touch), {@code Mapping.anonymous}
 * without advice, and {@code Mapping.anonymous} with MADV_HUGEPAGE and MADV_POPULATE_WRITE, which
 * asks the kernel for 2 MiB pages and faults them all in with one call. After the fill it times
 * random 8-byte reads over the memory, and reads the region's own AnonHugePages from
 * /proc/self/smaps to show which pages it got. Where the kernel offers no transparent huge
 * pages, it says so and compares populate alone.
 */
final class HugePages {
    private static final long MAX = 64L << 30;
    private static final int READS = 1 << 20;

    private final Base command;
    private final PrintStream out;
    private final long size;
    private final int rounds;
    private final Smaps.Thp thp = Smaps.Thp.read();
    private final List<List<Long>> reads = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final long[] hugeKib = new long[3];
    private String adviceProblem;

    HugePages(Base command, long size, int rounds) {
        this.command = command;
        this.out = command.out;
        this.size = size;
        this.rounds = rounds;
    }

    int run() throws IOException {
        check();
        out.printf(Locale.ROOT, "anonymous memory, %s per side, allocated and filled; %d interleaved rounds%n",
                Units.human(size), rounds);
        out.println(thp.describe());
        out.println("advised: " + advice());
        out.println();
        Progress bar = command.progress(false, 3L * rounds * size);
        long[] done = {0};
        Runnable step = () -> bar.at(done[0] += size, "allocate + fill");
        Rounds r = Rounds.run(List.of(
                new Rounds.Side("Arena.ofShared().allocate + fill", this::arena),
                new Rounds.Side("Mapping.anonymous + fill, no advice", () -> mapping(1, false)),
                new Rounds.Side("Mapping.anonymous + fill, advised", () -> mapping(2, true))),
                1, rounds, 1, step);
        bar.done();
        report(r);
        return 0;
    }

    /** --huge-size within bounds and within the memory the machine has free; Linux only. */
    private void check() {
        if (size < 2L << 20 || size > MAX) {
            throw command.usage("--huge-size must be from 2 MiB to 64 GiB, not " + Units.human(size));
        }
        if (!Advice.MADV_HUGEPAGE.isSupported()) {
            throw new UnsupportedOperationException("--huge shows transparent huge pages, which this OS ("
                    + System.getProperty("os.name") + ") does not offer through madvise");
        }
        OptionalLong available = Smaps.memAvailable();
        if (available.isPresent() && size > available.getAsLong() * 3 / 4) {
            throw new IllegalStateException(String.format(Locale.ROOT, "--huge-size %s is more than 3/4 of the %s"
                    + " this machine has available (MemAvailable in /proc/meminfo); give a smaller --huge-size",
                    Units.human(size), Units.human(available.getAsLong())));
        }
    }

    /** What the advised side asks of the kernel, in words for the line above the table. */
    private String advice() {
        String populate = Advice.MADV_POPULATE_WRITE.isSupported()
                ? "MADV_POPULATE_WRITE (one call faults every page in)" : "no MADV_POPULATE_WRITE on this kernel";
        return thp.available() ? "MADV_HUGEPAGE, then " + populate : populate + "; no MADV_HUGEPAGE, as THP is off";
    }

    /** One allocation through a shared arena, zeroed by the JDK, then filled. */
    private long arena() {
        long t0 = System.nanoTime();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = arena.allocate(size);
            s.fill((byte) 1);
            long nanos = System.nanoTime() - t0;
            afterFill(0, s);
            return nanos;
        }
    }

    /** One anonymous mapping, with or without the advice, then filled. */
    private long mapping(int side, boolean advise) throws IOException {
        long t0 = System.nanoTime();
        try (Mapping m = Mapping.anonymous(size, MapOptions.copyOnWrite())) {
            if (advise) {
                advise(m);
            }
            m.segment().fill((byte) 1);
            long nanos = System.nanoTime() - t0;
            afterFill(side, m.segment());
            return nanos;
        }
    }

    /**
     * MADV_HUGEPAGE where the kernel offers huge pages, then MADV_POPULATE_WRITE (Linux 5.14+).
     * A refusal is remembered and reported; the fill then faults the pages in as usual.
     */
    private void advise(Mapping m) {
        try {
            if (thp.available()) {
                m.advise(Advice.MADV_HUGEPAGE);
            }
            if (Advice.MADV_POPULATE_WRITE.isSupported()) {
                m.advise(Advice.MADV_POPULATE_WRITE);
            }
        } catch (MmapException e) {
            adviceProblem = e.getMessage();
        }
    }

    /** Untimed for the fill: the region's huge pages, and the time of random reads over it. */
    private void afterFill(int side, MemorySegment s) {
        hugeKib[side] = Smaps.anonHugePagesKib(s.address(), s.byteSize());
        long t0 = System.nanoTime();
        Scans.sink += randomReads(s);
        reads.get(side).add(System.nanoTime() - t0);
    }

    /** {@link #READS} reads of 8 bytes at pseudo-random aligned offsets (xorshift). */
    private static long randomReads(MemorySegment s) {
        long words = s.byteSize() / 8;
        long x = 0x9E3779B97F4A7C15L;
        long sum = 0;
        for (int i = 0; i < READS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sum += s.getAtIndex(ValueLayout.JAVA_LONG, Long.remainderUnsigned(x, words));
        }
        return sum;
    }

    private void report(Rounds fills) {
        fills.print(out, 0, Rounds.Shown.millis());
        out.println();
        out.printf(Locale.ROOT, "random 8-byte reads over the filled memory (%d per round, millions per second):%n",
                READS);
        readRounds().print(out, 0, new Rounds.Shown("M/s", n -> READS * 1e3 / n));
        out.println();
        out.println("huge pages each side got (AnonHugePages of its own region in /proc/self/smaps, last round):");
        List<String> names = List.of("Arena.allocate", "Mapping, no advice", "Mapping, advised");
        for (int i = 0; i < 3; i++) {
            out.printf(Locale.ROOT, "  %-44s %s of %s (%.0f%%)%n", names.get(i), Units.human(hugeKib[i] << 10),
                    Units.human(size), 100.0 * (hugeKib[i] << 10) / size);
        }
        verdict();
        out.println();
        Rounds.legend(out, rounds);
    }

    /** The read times, per side and round, without the warm-up run. */
    private Rounds readRounds() {
        long[][] nanos = new long[3][rounds];
        for (int side = 0; side < 3; side++) {
            List<Long> all = reads.get(side);
            for (int r = 0; r < rounds; r++) {
                nanos[side][r] = all.get(all.size() - rounds + r);
            }
        }
        return new Rounds(List.of("Arena.allocate", "Mapping, no advice", "Mapping, advised"), nanos);
    }

    /** Says whether the advised side really had huge pages, and why not where it had none. */
    private void verdict() {
        if (adviceProblem != null) {
            out.println("the kernel refused the advice: " + adviceProblem + "; that side ran with 4 KiB pages");
        } else if (!thp.available()) {
            out.println("no huge pages here (" + thp.describe() + "): the advised side differs by populate alone");
        } else if (hugeKib[2] == 0) {
            out.println("the kernel gave no huge pages although they are enabled (memory too fragmented, or"
                    + " the region too small to hold an aligned 2 MiB page): the sides differ by populate alone");
        } else if (hugeKib[0] > 0 || hugeKib[1] > 0) {
            out.println("transparent huge pages are 'always' here: every side got some, advice or not");
        }
    }
}
