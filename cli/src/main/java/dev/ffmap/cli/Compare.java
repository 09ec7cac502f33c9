package dev.ffmap.cli;

import dev.ffmap.MapFlag;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code ffmap compare}: ffmap against the JDK's FileChannel mapping on one file, every case in
 * interleaved rounds with the spread of its ratio: map + unmap latency, a warm sequential scan,
 * and map + first scan with and without MAP_POPULATE. With {@code --huge}, anonymous memory
 * with and without huge pages against {@code Arena.allocate} instead ({@link HugePages}).
 */
@Command(name = "compare", sortOptions = false,
        description = {"ffmap against FileChannel.map, or huge pages against Arena.allocate, as ratios with spread.",
            "",
            "ffmap against the JDK's FileChannel mapping on FILE, or on a file it creates and deletes: "
                + "map + unmap latency, a warm sequential scan, and map + first scan with and without "
                + "MAP_POPULATE, each side in interleaved rounds, as ratios with their spread. About 7 s for "
                + "the default 256 MiB on a 2-core machine (34 s with --size 1G). With --huge: anonymous memory "
                + "with huge pages against Arena.allocate (about 35 s for 1 GiB). bench/run is the full measurement."})
final class Compare extends Base {
    private static final long MIB = 1L << 20;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "an existing file to compare on")
    Path file;

    @Option(names = "--size", paramLabel = "SIZE", converter = Units.Size.class,
            description = "size of the file it creates, e.g. 1G; at least 1 MiB (default 256M)")
    Long size;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to create it (default: java.io.tmpdir)")
    Path dir;

    @Option(names = "--rounds", paramLabel = "N", description = "interleaved rounds, 3 to 101 (default 9; 5 with --huge)")
    Integer rounds;

    @Option(names = "--huge", description = "anonymous memory: huge pages and populate against Arena.allocate")
    boolean huge;

    @Option(names = "--huge-size", paramLabel = "SIZE", converter = Units.Size.class,
            description = "memory per side for --huge, 2 MiB to 64 GiB (default 1G; 4G shows more)")
    Long hugeSize;

    @Override
    public Integer call() throws IOException {
        int n = rounds == null ? huge ? 5 : 9 : rounds;
        if (n < 3 || n > 101) {
            throw usage("--rounds must be from 3 to 101, not " + n);
        }
        if (huge) {
            if (file != null || size != null || dir != null) {
                throw usage("--huge compares anonymous memory: it takes no FILE, --size or --dir");
            }
            return new HugePages(this, hugeSize == null ? 1L << 30 : hugeSize, n).run();
        }
        if (hugeSize != null) {
            throw usage("--huge-size goes with --huge");
        }
        if (file != null) {
            if (size != null || dir != null) {
                throw usage("--size and --dir are for the file compare creates; with FILE they do not apply");
            }
            return compare(file, checkedSize(file), n);
        }
        long bytes = size == null ? 256 * MIB : size;
        if (bytes < MIB) {
            throw usage("--size must be at least 1 MiB");
        }
        return compareOnNewFile(bytes, n);
    }

    private int compareOnNewFile(long bytes, int n) throws IOException {
        Path created = tempFile(dir, "ffmap-compare-");
        try {
            fill(created, bytes);
            return compare(created, bytes, n);
        } finally {
            Files.deleteIfExists(created);
            out.printf(Locale.ROOT, "deleted %s%n", created);
        }
    }

    /** The size of a FILE the user named, which must be a regular file of 8 bytes or more. */
    private static long checkedSize(Path f) throws IOException {
        if (!Files.exists(f)) {
            throw new NoSuchFileException(f.toString());
        }
        if (!Files.isRegularFile(f)) {
            throw new FileSystemException(f.toString(), null, "not a regular file (" + FileArgs.kind(f)
                    + "); compare maps a regular file");
        }
        String pseudo = FileArgs.pseudoFileSystem(f);
        if (pseudo != null) {
            throw new FileSystemException(f.toString(), null, "a file the kernel makes up when it is read (" + pseudo
                    + " file system); compare maps a regular file on a disk or tmpfs");
        }
        long bytes = Files.size(f);
        if (bytes < 8) {
            throw new FileSystemException(f.toString(), null, bytes + " bytes; compare needs at least 8");
        }
        return bytes;
    }

    private int compare(Path f, long bytes, int n) throws IOException {
        out.printf(Locale.ROOT, "file %s, %s (%d bytes); %d interleaved rounds%n", f, Units.human(bytes), bytes, n);
        warmUp(f, bytes);
        mapUnmap(f, bytes, n);
        warmScan(f, bytes, n);
        firstScan(f, bytes, n);
        out.println();
        Rounds.legend(out, n);
        out.println("For the JMH suite, with the C and CPython baselines, run bench/run.");
        return 0;
    }

    private void mapUnmap(Path f, long bytes, int n) throws IOException {
        out.println();
        out.printf(Locale.ROOT, "map + unmap, untouched (each round the median of 25; after %d warm-up runs each):%n",
                Rounds.JIT_WARMUP);
        Rounds r = Rounds.run(List.of(
                new Rounds.Side("Mman open+mmap+munmap+close", () -> MapTimes.mman(f, bytes, false)),
                new Rounds.Side("Mapping.map + close", () -> MapTimes.mapping(f, false)),
                new Rounds.Side("FileChannel.open+map(Arena)+close", () -> MapTimes.channel(f, bytes, false))),
                Rounds.JIT_WARMUP, n, 25, () -> { });
        r.print(out, 2, Rounds.Shown.micros());
    }

    private void warmScan(Path f, long bytes, int n) throws IOException {
        out.println();
        out.println("warm sequential scan, sum of longs (GB/s; higher is better):");
        try (Mapping m = Mapping.map(f, MapOptions.readOnly());
             FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            MemorySegment ours = m.segment();
            MemorySegment theirs = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            MappedByteBuffer[] chunks = Scans.chunks(ch, bytes);
            Progress bar = progress(false, n * 3L * bytes);
            long[] done = {0};
            Rounds r = Rounds.run(List.of(
                    new Rounds.Side("Mapping segment", () -> timed(() -> Scans.sum(ours))),
                    new Rounds.Side("FileChannel.map segment", () -> timed(() -> Scans.sumChannel(theirs))),
                    new Rounds.Side("MappedByteBuffer (chunks < 2 GiB)", () -> timed(() -> Scans.sum(chunks)))),
                    2, n, 1, () -> bar.at(done[0] += bytes, "warm scans"));
            bar.done();
            r.print(out, 1, Rounds.Shown.throughput(bytes));
        }
    }

    private void firstScan(Path f, long bytes, int n) throws IOException {
        out.println();
        out.println("map + first scan + unmap, page cache warm (ms; each map starts with no page tables):");
        Progress bar = progress(false, n * 3L * bytes);
        long[] done = {0};
        Rounds r = Rounds.run(List.of(
                new Rounds.Side("Mapping with MAP_POPULATE",
                        () -> Scans.firstScan(f, MapOptions.readOnly().plus(MapFlag.MAP_POPULATE))),
                new Rounds.Side("Mapping, default", () -> Scans.firstScan(f, MapOptions.readOnly())),
                new Rounds.Side("FileChannel.map (cannot populate)", () -> Scans.firstScanChannel(f, bytes))),
                1, n, 1, () -> bar.at(done[0] += bytes, "map + first scan"));
        bar.done();
        r.print(out, 2, Rounds.Shown.millis());
    }

    private interface Scan {
        long sum();
    }

    private static long timed(Scan scan) {
        long t0 = System.nanoTime();
        Scans.sink += scan.sum();
        return System.nanoTime() - t0;
    }

    /** Writes {@code bytes} of varied content (a sparse file would scan as zero pages). */
    private void fill(Path f, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(42).nextBytes(chunk);
        Progress p = progress(false, bytes);
        try (OutputStream o = Files.newOutputStream(f)) {
            for (long done = 0; done < bytes; done += chunk.length) {
                o.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
                p.at(done + chunk.length, "creating the test file");
            }
        } catch (IOException e) {
            throw Problems.about(f, e);
        } finally {
            p.done();
        }
    }

    /** Reads the file once so every case starts with it in the page cache, and warms up the JIT. */
    private void warmUp(Path f, long bytes) throws IOException {
        Progress p = progress(false, bytes);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            MemorySegment s = m.segment();
            long step = 64L << 20;
            for (long at = 0; at < bytes; at += step) {
                Scans.sink += Scans.sum(s.asSlice(at, Math.min(step, bytes - at)));
                p.at(at + step, "reading it into the page cache");
            }
        }
        p.done();
    }
}
