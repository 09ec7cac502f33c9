package dev.ffmap.cli;

import dev.ffmap.MapOptions;
import dev.ffmap.MmapException;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.MsyncFlag;
import dev.ffmap.OpenFlag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.ffmap.MapFlag.MAP_SHARED;
import static dev.ffmap.Prot.PROT_READ;
import static dev.ffmap.Prot.PROT_WRITE;

/**
 * {@code ffmap demo}: one sparse file above 4 GiB, mapped whole as a single segment three ways
 * (Mman, Mapping, FileChannel.map with an Arena). Each way writes 8-byte markers that straddle
 * the 2 GiB and 4 GiB lines, and the next way (and plain FileChannel.read) checks them.
 */
@Command(name = "demo",
        description = {"Map a 5 GiB sparse file as one segment: Mman, Mapping and FileChannel.map.",
            "",
            "Creates a sparse file (default 5 GiB) and maps it whole, as one segment, three ways: Mman "
                + "(the C mirror), Mapping and FileChannel.map. Each writes 8-byte markers across the 2 GiB "
                + "and 4 GiB lines and the next checks them; then map + unmap is timed for each, in "
                + "interleaved rounds, as ratios with their spread. The file is deleted at the end."})
final class Demo extends Base {
    private static final long GIB = 1L << 30;
    private static final int ROUNDS = 21;
    private static final int BATCH = 15;

    @Option(names = "--size", paramLabel = "SIZE", converter = Units.Size.class, defaultValue = "5G",
            description = "file size, e.g. 5G (default), 64M; at least 64 bytes")
    long size;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to create it (default: java.io.tmpdir)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (size < 8 * 8) {
            throw usage("--size must be at least 64 bytes");
        }
        Path file = tempFile(dir, "ffmap-demo-");
        try {
            setLength(file, size);
            return demo(file, size, out);
        } catch (MmapException e) {
            if (e.syscall().equals("mmap") && e.errnoName().equals("ENOMEM")) {
                throw new FileSystemException(file.toString(), null, "cannot map " + Units.human(size) + " at once ("
                        + e.getMessage() + "); give a smaller --size");
            }
            throw e;
        } finally {
            Files.deleteIfExists(file);
            out.printf(Locale.ROOT, "deleted %s%n", file);
        }
    }

    /** Makes {@code file} a sparse file of {@code size} bytes; a size its file system cannot hold is said so. */
    private static void setLength(Path file, long size) throws IOException {
        int fd = Mman.open(file, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC), 0);
        try {
            Mman.ftruncate(fd, size);
        } catch (MmapException e) {
            String why = e.errnoName().equals("EFBIG") ? "its file system cannot hold a file of " + Units.human(size)
                    + " (" + e.getMessage() + "); give a smaller --size" : e.getMessage();
            throw new FileSystemException(file.toString(), null, why);
        } finally {
            Mman.close(fd);
        }
    }

    private static int demo(Path file, long size, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "created %s: %s sparse file (%d bytes)%n", file, Units.human(size), size);
        long[] markers = markerOffsets(size);
        out.printf(Locale.ROOT, "markers: 8-byte longs at %s%n", Arrays.toString(markers));
        out.println();
        boolean ok = true;
        ok &= throughMman(file, size, markers, out);
        ok &= throughMapping(file, markers, out);
        ok &= throughChannel(file, size, markers, out);
        times(file, size, out);
        out.println();
        out.println(ok ? "all markers read back as written" : "MARKERS DIFFER");
        return ok ? 0 : 1;
    }

    /** 1. The C mirror: open, mmap, munmap, close, by hand; the markers are then read through the file. */
    private static boolean throughMman(Path file, long size, long[] markers, PrintStream out) throws IOException {
        int fd = Mman.open(file, Set.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC), 0);
        try {
            MemorySegment s = Mman.mmap(MemorySegment.NULL, size, Set.of(PROT_READ, PROT_WRITE), Set.of(MAP_SHARED), fd, 0);
            out.printf(Locale.ROOT, "Mman.mmap          one segment of %d bytes at 0x%x%n", s.byteSize(), s.address());
            writeMarkers(s, markers, 1);
            Mman.msync(s, size, Set.of(MsyncFlag.MS_SYNC));
            Mman.munmap(s, size);
        } finally {
            Mman.close(fd);
        }
        return report(out, "FileChannel.read", "Mman", readBack(file, markers, 1));
    }

    /** 2. The owned mapping: reads Mman's markers, writes its own. */
    private static boolean throughMapping(Path file, long[] markers, PrintStream out) throws IOException {
        boolean ok;
        try (Mapping m = Mapping.map(file, MapOptions.readWrite())) {
            MemorySegment s = m.segment();
            out.printf(Locale.ROOT, "Mapping.map        one segment of %d bytes at 0x%x%n", s.byteSize(), s.address());
            ok = report(out, "Mapping", "Mman", checkMarkers(s, markers, 1));
            writeMarkers(s, markers, 2);
            m.sync();
        }
        return ok & report(out, "FileChannel.read", "Mapping", readBack(file, markers, 2));
    }

    /** 3. The JDK's own, FileChannel.map into an Arena: reads Mapping's markers. */
    private static boolean throughChannel(Path file, long size, long[] markers, PrintStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            MemorySegment s = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            out.printf(Locale.ROOT, "FileChannel.map    one segment of %d bytes at 0x%x%n", s.byteSize(), s.address());
            return report(out, "FileChannel.map", "Mapping", checkMarkers(s, markers, 2));
        }
    }

    /** Map + unmap of each way, in interleaved rounds, with each ratio to FileChannel's and its spread. */
    private static void times(Path file, long size, PrintStream out) throws IOException {
        out.println();
        out.printf(Locale.ROOT, "map + unmap of the whole %s file, untouched: %d interleaved rounds, each the median of"
                + " %d (after %d warm-up runs each):%n", Units.human(size), ROUNDS, BATCH, Rounds.JIT_WARMUP);
        Rounds r = Rounds.run(List.of(
                new Rounds.Side("Mman (open+mmap+munmap+close)", () -> MapTimes.mman(file, size, true)),
                new Rounds.Side("Mapping.map + close", () -> MapTimes.mapping(file, true)),
                new Rounds.Side("FileChannel.open+map(Arena)+close", () -> MapTimes.channel(file, size, true))),
                Rounds.JIT_WARMUP, ROUNDS, BATCH, () -> { });
        r.print(out, 2, Rounds.Shown.micros());
        out.println();
        Rounds.legend(out, ROUNDS);
        out.println("A demo on this machine, at its load now; bench/ has the JMH figures.");
    }

    /** Offsets of 8-byte markers that straddle 2^31 and 2^32 where the file reaches them. */
    static long[] markerOffsets(long size) {
        long[] wanted = {0, (1L << 31) - 4, (1L << 31) + 8, (1L << 32) - 4, (1L << 32) + 8, size - 8};
        return Arrays.stream(wanted).filter(o -> o + 8 <= size).distinct().sorted().toArray();
    }

    static long marker(long offset, int round) {
        return offset * 31 + round;
    }

    private static void writeMarkers(MemorySegment s, long[] offsets, int round) {
        for (long o : offsets) {
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, o, marker(o, round));
        }
    }

    private static boolean checkMarkers(MemorySegment s, long[] offsets, int round) {
        for (long o : offsets) {
            if (s.get(ValueLayout.JAVA_LONG_UNALIGNED, o) != marker(o, round)) {
                return false;
            }
        }
        return true;
    }

    /** Reads the markers back through the file, not through any mapping. */
    private static boolean readBack(Path file, long[] offsets, int round) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            for (long o : offsets) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, o + b.position()) > 0) {
                    // keep reading until 8 bytes arrived
                }
                if (b.flip().getLong() != marker(o, round)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean report(PrintStream out, String reader, String writer, boolean ok) {
        out.printf(Locale.ROOT, "  %-17s reads the markers %s wrote: %s%n", reader, writer, ok ? "ok" : "WRONG");
        return ok;
    }
}
