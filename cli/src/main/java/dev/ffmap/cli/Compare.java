package dev.ffmap.cli;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;


/**
 * {@code ffmap compare}: a quick side-by-side of ffmap and the JDK's FileChannel mapping on one
 * file, in well under 30 seconds for the default 1 GiB: map + unmap latency, a warm sequential
 * scan, and map + first scan with and without MAP_POPULATE. One run, ratios only meaningful
 * against each other; {@code bench/run} is the measurement.
 */
final class Compare {
    private static final long GIB = 1L << 30;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private Compare() {
    }

    static final Main.Command COMMAND = new Main.Command("compare", "[--size SIZE] [--dir DIR] [FILE]",
            "ffmap vs FileChannel mapping on one file, in under 30 s",
            """
            ffmap against the JDK's FileChannel mapping on FILE, or on a file it creates and deletes
            (default 1 GiB): map + unmap latency, a warm sequential scan, and map + first scan with
            and without MAP_POPULATE. One run, as ratios; bench/run is the measurement.

              --size SIZE  size of the file it creates, e.g. 1G (default); at least 1 MiB
              --dir DIR    where to create it (default: java.io.tmpdir)""",
            List.of(), List.of("--size", "--dir"), Compare::run);

    static int run(Run run) throws IOException, Args.UsageException {
        long size = run.args.size("--size", GIB);
        Path dir = Path.of(run.args.value("--dir", System.getProperty("java.io.tmpdir")));
        PrintStream out = run.out;
        PrintStream err = run.err;
        if (run.args.operands().size() > 1) {
            throw new Args.UsageException("compare takes one FILE at most");
        }
        if (run.args.operands().size() == 1) {
            Path given = Path.of(run.args.operands().getFirst());
            return compare(given, Files.size(given), out, err);
        }
        if (size < 1 << 20) {
            throw new Args.UsageException("--size must be at least 1 MiB");
        }
        Path file = Files.createTempFile(dir, "ffmap-compare-", ".bin");
        try {
            fill(file, size, err);
            return compare(file, size, out, err);
        } finally {
            Files.deleteIfExists(file);
            out.printf(Locale.ROOT, "deleted %s%n", file);
        }
    }

    private static int compare(Path file, long size, PrintStream out, PrintStream err) throws IOException {
        if (size < 8) {
            err.println("ffmap compare: " + file + " has fewer than 8 bytes");
            return 2;
        }
        out.printf(Locale.ROOT, "file %s, %s (%d bytes)%n", file, Units.human(size), size);
        warmUp(file, size, err);
        out.println();

        out.println("map + unmap, untouched (median of 201 rounds after 500 warm-up rounds):");
        double mman = median(() -> MapTimes.mman(file, size, false));
        double mapping = median(() -> MapTimes.mapping(file, false));
        double channel = median(() -> MapTimes.channel(file, size, false));
        row(out, "Mman open+mmap+munmap+close", mman, "us", channel / mman);
        row(out, "Mapping.map + close", mapping, "us", channel / mapping);
        row(out, "FileChannel.open+map(Arena)+close", channel, "us", 1);

        out.println();
        out.println("warm sequential scan, sum of longs (best of 5, GB/s; higher is better):");
        double seg;
        double fc;
        double mbb;
        try (Mapping m = Mapping.map(file, MapOptions.readOnly());
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            MemorySegment ours = m.segment();
            MemorySegment theirs = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            MappedByteBuffer[] chunks = chunks(ch, size);
            seg = best(size, () -> sum(ours), "scan through Mapping", err);
            fc = best(size, () -> sumChannel(theirs), "scan through FileChannel.map segment", err);
            mbb = best(size, () -> sum(chunks), "scan through MappedByteBuffers", err);
        }
        row(out, "Mapping segment", seg, "GB/s", seg / fc);
        row(out, "FileChannel.map segment", fc, "GB/s", 1);
        row(out, "MappedByteBuffer (chunks < 2 GiB)", mbb, "GB/s", mbb / fc);

        out.println();
        out.println("map + first scan + unmap, page cache warm (best of 3, ms; each map starts with no page tables):");
        double populate = bestTime(size, () -> firstScan(file, MapOptions.readOnly().plus(MapFlag.MAP_POPULATE)), "MAP_POPULATE", err);
        double plain = bestTime(size, () -> firstScan(file, MapOptions.readOnly()), "default", err);
        double channelFirst = bestTime(size, () -> firstScanChannel(file, size), "FileChannel", err);
        row(out, "Mapping with MAP_POPULATE", populate, "ms", channelFirst / populate);
        row(out, "Mapping, default", plain, "ms", channelFirst / plain);
        row(out, "FileChannel.map (cannot populate)", channelFirst, "ms", 1);
        out.println();
        out.println("ratio: how many times faster than FileChannel (> 1 is faster). One run on this machine;");
        out.println("for figures with error bars run bench/run.");
        return 0;
    }

    private static void row(PrintStream out, String what, double value, String unit, double ratio) {
        out.printf(Locale.ROOT, "  %-36s %10.2f %-4s  %5.2fx%n", what, value, unit, ratio);
    }

    /** Writes {@code size} bytes of varied content (a sparse file would scan as zero pages). */
    private static void fill(Path file, long size, PrintStream err) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        Progress p = Progress.onTerminal(err, false, size);
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                o.write(chunk, 0, (int) Math.min(chunk.length, size - done));
                p.at(done + chunk.length, "creating the test file");
            }
        }
        p.done();
    }

    /** Reads the file once so every case starts with it in the page cache, and warms up the JIT. */
    private static void warmUp(Path file, long size, PrintStream err) throws IOException {
        Progress p = Progress.onTerminal(err, false, size);
        try (Mapping m = Mapping.map(file, MapOptions.readOnly())) {
            MemorySegment s = m.segment();
            long step = 64L << 20;
            for (long at = 0; at < size; at += step) {
                sum(s.asSlice(at, Math.min(step, size - at)));
                p.at(at + step, "reading it into the page cache");
            }
        }
        p.done();
    }

    /*
     * One scan method per kind of segment, with the same body: a shared method would see both
     * segment classes (ffmap's and FileChannel's), and the JIT would compile it for the first one
     * it met, slowing the other down. Each variant gets its own profile, as JMH forks would give.
     */

    /** Sum of longs through an ffmap segment. */
    static long sum(MemorySegment s) {
        long total = 0;
        long end = s.byteSize() & ~7L;
        for (long i = 0; i < end; i += 8) {
            total += s.get(LONG, i);
        }
        return total;
    }

    /** The same loop for the FileChannel.map segment. */
    static long sumChannel(MemorySegment s) {
        long total = 0;
        long end = s.byteSize() & ~7L;
        for (long i = 0; i < end; i += 8) {
            total += s.get(LONG, i);
        }
        return total;
    }

    static long sum(MappedByteBuffer[] chunks) {
        long total = 0;
        for (MappedByteBuffer b : chunks) {
            int end = b.limit() & ~7;
            for (int i = 0; i < end; i += 8) {
                total += b.getLong(i);
            }
        }
        return total;
    }

    /** The classic way above 2 GiB: buffers of at most 1 GiB each. */
    private static MappedByteBuffer[] chunks(FileChannel ch, long size) throws IOException {
        int count = (int) Math.ceilDiv(size, GIB);
        MappedByteBuffer[] chunks = new MappedByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long at = i * GIB;
            chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(GIB, size - at));
            chunks[i].order(ByteOrder.nativeOrder());
        }
        return chunks;
    }

    private interface Work {
        long run() throws IOException;
    }

    /** Best throughput of 5 runs of {@code work} over {@code bytes} bytes, in GB/s. */
    private static double best(long bytes, Work work, String label, PrintStream err) throws IOException {
        Progress p = Progress.onTerminal(err, false, 5 * bytes);
        long fastest = Long.MAX_VALUE;
        long sink = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            sink += work.run();
            fastest = Math.min(fastest, System.nanoTime() - t0);
            p.at((i + 1) * bytes, label);
        }
        p.done();
        Sink.keep(sink);
        return bytes / (double) fastest;
    }

    /** Best time of 3 runs of {@code work} over {@code bytes} bytes, in ms. */
    private static double bestTime(long bytes, Work work, String label, PrintStream err) throws IOException {
        Progress p = Progress.onTerminal(err, false, 3 * bytes);
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Sink.keep(work.run());
            fastest = Math.min(fastest, System.nanoTime() - t0);
            p.at((i + 1) * bytes, "map + first scan, " + label);
        }
        p.done();
        return fastest / 1e6;
    }

    private static double median(Work work) throws IOException {
        for (int i = 0; i < 500; i++) {
            work.run();
        }
        long[] runs = new long[201];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = work.run();
        }
        Arrays.sort(runs);
        return runs[runs.length / 2] / 1e3;
    }




    private static long firstScan(Path file, MapOptions options) throws IOException {
        try (Mapping m = Mapping.map(file, options)) {
            return sum(m.segment());
        }
    }

    private static long firstScanChannel(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            return sumChannel(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
        }
    }

    /** Keeps results observable so the JIT cannot drop the scans. */
    private static final class Sink {
        static volatile long value;

        static void keep(long v) {
            value += v;
        }
    }
}
