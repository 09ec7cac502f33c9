package dev.ffmap.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.Mman;
import dev.ffmap.OpenFlag;
import dev.ffmap.Residency;

/**
 * The work the benchmarks share, written once so every implementation runs the same loop: the
 * C baseline ({@code bench/c}) does exactly this with plain pointers.
 */
final class Work {
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final long PAGE = 4096;
    /** Chunks of classic buffers: one MappedByteBuffer holds at most 2 GiB - 1. */
    static final long CHUNK = BenchFiles.GIB;

    private Work() {
    }

    /** The sum of all longs, in native order (the files are little-endian; so is x86-64). */
    static long sum(MemorySegment s) {
        long sum = 0;
        long n = s.byteSize() & ~7L;
        for (long i = 0; i < n; i += 8) {
            sum += s.get(LONG, i);
        }
        return sum;
    }

    static long sum(ByteBuffer b) {
        long sum = 0;
        int n = b.limit() & ~7;
        for (int i = 0; i < n; i += 8) {
            sum += b.getLong(i);
        }
        return sum;
    }

    /** The sum of one page's 512 longs. */
    static long sumPage(MemorySegment s, long page) {
        long sum = 0;
        long base = page * PAGE;
        for (long i = 0; i < PAGE; i += 8) {
            sum += s.get(LONG, base + i);
        }
        return sum;
    }

    static long sumPage(ByteBuffer b, long page) {
        long sum = 0;
        int base = (int) (page * PAGE);
        for (int i = 0; i < PAGE; i += 8) {
            sum += b.getLong(base + i);
        }
        return sum;
    }

    /** The whole file as classic buffers of at most {@link #CHUNK} bytes, in native order. */
    static List<MappedByteBuffer> chunks(FileChannel ch, long size) throws IOException {
        List<MappedByteBuffer> out = new ArrayList<>();
        for (long at = 0; at < size; at += CHUNK) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(CHUNK, size - at));
            b.order(ByteOrder.nativeOrder());
            out.add(b);
        }
        return out;
    }

    /** The first index of {@code needle}, byte by byte: what a plain Java loop does. */
    static long naiveFind(MemorySegment s, byte[] needle) {
        long last = s.byteSize() - needle.length;
        byte first = needle[0];
        outer:
        for (long i = 0; i <= last; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (s.get(ValueLayout.JAVA_BYTE, i + k) != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------ cold cache

    private static final int POSIX_FADV_DONTNEED = 4; // <fcntl.h> on Linux
    private static final MethodHandle FADVISE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("posix_fadvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    /**
     * Drops the file's pages from the page cache (clean pages only: the bench files are never
     * dirty) and returns the fraction still resident, measured with mincore through a mapping.
     */
    static double evict(Path path) throws IOException {
        int fd = Mman.open(path, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            int rc = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
            if (rc != 0) {
                throw new IllegalStateException("posix_fadvise(fd=" + fd + ", POSIX_FADV_DONTNEED) failed: " + rc);
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            Mman.close(fd);
        }
        try (Mapping m = Mapping.map(path, MapOptions.readOnly())) {
            Residency r = m.residency();
            return (double) r.residentPages() / r.pageCount();
        }
    }

    /** A shared arena: what Mapping and FileChannel users need to share a segment between threads. */
    static Arena arena() {
        return Arena.ofShared();
    }
}
