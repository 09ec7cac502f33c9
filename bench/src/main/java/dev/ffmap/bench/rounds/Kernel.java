package dev.ffmap.bench.rounds;

import dev.ffmap.FileAdvice;
import dev.ffmap.MapFlag;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Prot;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the benchmarks ask the kernel about themselves: the page cache of a file (emptied and
 * counted), bytes read from storage, huge pages behind a range, the transparent huge page mode.
 */
public final class Kernel {
    private static final long PAGE = Mman.pageSize();

    private Kernel() {
    }

    /**
     * Drops the file's pages from the page cache (posix_fadvise DONTNEED; pages that are mapped,
     * dirty or locked stay, hence the retries) and returns the share still resident.
     */
    public static double dropCache(Path file) throws IOException {
        int fd = Mman.open(file, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            double resident = 1;
            for (int attempt = 0; attempt <= 3 && resident >= 0.01; attempt++) {
                Mman.posix_fadvise(fd, 0, 0, FileAdvice.POSIX_FADV_DONTNEED);
                long size = Mman.fileSize(fd);
                resident = (double) residentPages(fd, size) * PAGE / roundUp(size);
            }
            return resident;
        } finally {
            Mman.close(fd);
        }
    }

    /** Pages of the open file {@code fd} in the page cache, by mincore over an untouched mapping. */
    static long residentPages(int fd, long size) throws IOException {
        MemorySegment map = Mman.mmap(MemorySegment.NULL, size, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0);
        try {
            return residentPages(map);
        } finally {
            Mman.munmap(map, size);
        }
    }

    /** Pages of {@code mapped} that are resident (for a file mapping: in the page cache). */
    public static long residentPages(MemorySegment mapped) throws IOException {
        long pages = roundUp(mapped.byteSize()) / PAGE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vec = arena.allocate(pages);
            Mman.mincore(mapped, mapped.byteSize(), vec);
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident;
        }
    }

    private static long roundUp(long size) {
        return (size + PAGE - 1) / PAGE * PAGE;
    }

    /** This process's {@code read_bytes} from /proc/self/io: bytes it made the kernel read from storage; -1 if unknown. */
    public static long readBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("read_bytes:")) {
                    return Long.parseLong(line.substring("read_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The share of {@code [address, address + length)} that the kernel backs with transparent huge
     * pages: the AnonHugePages of the mappings in /proc/self/smaps that overlap it; -1 if unknown.
     */
    public static double hugeShare(long address, long length) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        } catch (IOException e) {
            return -1;
        }
        long kib = 0;
        boolean inside = false;
        for (String line : lines) {
            int space = line.indexOf(' ');
            int dash = line.indexOf('-');
            if (space > 0 && line.charAt(space - 1) != ':' && dash > 0 && dash < space) {
                long lo = Long.parseUnsignedLong(line, 0, dash, 16);
                long hi = Long.parseUnsignedLong(line, dash + 1, space, 16);
                inside = lo < address + length && address < hi;
            } else if (inside && line.startsWith("AnonHugePages:")) {
                kib += Long.parseLong(line.substring("AnonHugePages:".length()).replace("kB", "").trim());
            }
        }
        return kib * 1024.0 / length;
    }

    /** The transparent huge page mode, e.g. {@code "madvise"}, from sysfs; "unknown" if absent. */
    public static String thpMode() {
        try {
            String all = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            int open = all.indexOf('[');
            return all.substring(open + 1, all.indexOf(']', open));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
