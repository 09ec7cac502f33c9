package dev.ffmap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The address range where Linux on x86-64 places a {@code MAP_32BIT} mapping, and what fills it.
 *
 * <p>The kernel searches {@code [1 GiB + r, 2 GiB)} bottom-up, with {@code r} a random page offset
 * below 32 MiB drawn anew for each call ({@code find_start_end} in
 * {@code arch/x86/kernel/sys_x86_64.c}), and fails with {@code ENOMEM} when nothing fits. The
 * JVM decides what else lies there: with its default {@code ArchiveRelocationMode=1} it maps the
 * CDS archive and the 1 GiB compressed class space, 1,040 MiB together, at a random 16 MiB
 * boundary below 4 GiB in every start, and now and then that covers the whole range. Then
 * every {@code MAP_32BIT} call of that process fails with {@code ENOMEM}, whatever its other
 * arguments, where the same call in the next process returns a mapping or another errno. So
 * whether such a call succeeds is a fact of one process's address space, not of ffmap.
 */
final class LowWindow {
    /** Where the search starts at the lowest; a gap above {@link #SURELY_SEARCHED} is always searched. */
    static final long START = 1L << 30;
    static final long SURELY_SEARCHED = START + (32L << 20);
    static final long END = 2L << 30;

    private LowWindow() {
    }

    /** True if the kernel must find {@code length} bytes for a {@code MAP_32BIT} mapping now. */
    static boolean hasRoomFor(long length) throws IOException {
        long needed = Math.ceilDiv(length, ArgumentFuzz.PAGE) * ArgumentFuzz.PAGE;
        for (long[] gap : gaps()) {
            if (Math.min(gap[1], END) - Math.max(gap[0], SURELY_SEARCHED) >= needed) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills every free gap of {@code [START, END)} with inaccessible reserved memory, as the JVM's
     * class space does in an unlucky start; returns the reservations, for {@link #release}.
     */
    static List<MemorySegment> fill() throws IOException {
        Set<MapFlag> flags = EnumSet.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_NORESERVE,
                MapFlag.MAP_FIXED_NOREPLACE);
        List<MemorySegment> taken = new ArrayList<>();
        for (long[] gap : gaps()) {
            long from = Math.max(gap[0], START);
            long to = Math.min(gap[1], END);
            if (to > from) {
                taken.add(Mman.mmap(MemorySegment.ofAddress(from), to - from, EnumSet.of(Prot.PROT_NONE), flags, -1, 0));
            }
        }
        return taken;
    }

    /** Unmaps what {@link #fill} took. */
    static void release(List<MemorySegment> taken) throws MmapException {
        for (MemorySegment s : taken) {
            Mman.munmap(s, s.byteSize());
        }
    }

    /** The unmapped ranges {@code [from, to)} between {@code START} and {@code END}, from /proc/self/maps. */
    private static List<long[]> gaps() throws IOException {
        List<long[]> gaps = new ArrayList<>();
        long free = START;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (start >= END) {
                break;
            }
            if (start > free) {
                gaps.add(new long[] {free, start});
            }
            free = Math.max(free, end);
        }
        if (free < END) {
            gaps.add(new long[] {free, END});
        }
        return gaps;
    }
}
