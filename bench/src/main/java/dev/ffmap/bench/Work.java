package dev.ffmap.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ffmap.bench.rounds.Kernel;

/**
 * The work the benchmarks share, written once so every implementation runs the same loop: the
 * C baseline ({@code bench/c}) does exactly this with plain pointers.
 */
public final class Work {
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    public static final long PAGE = 4096;
    /** Chunks of classic buffers: one MappedByteBuffer holds at most 2 GiB - 1. */
    static final long CHUNK = BenchFiles.GIB;

    private Work() {
    }

    /** The sum of all longs, in native order (the files are little-endian; so is x86-64). */
    public static long sum(MemorySegment s) {
        long sum = 0;
        long n = s.byteSize() & ~7L;
        for (long i = 0; i < n; i += 8) {
            sum += s.get(LONG, i);
        }
        return sum;
    }

    public static long sum(ByteBuffer b) {
        long sum = 0;
        int n = b.limit() & ~7;
        for (int i = 0; i < n; i += 8) {
            sum += b.getLong(i);
        }
        return sum;
    }

    /** The sum of one page's 512 longs. */
    public static long sumPage(MemorySegment s, long page) {
        long sum = 0;
        long base = page * PAGE;
        for (long i = 0; i < PAGE; i += 8) {
            sum += s.get(LONG, base + i);
        }
        return sum;
    }

    public static long sumPage(ByteBuffer b, long page) {
        long sum = 0;
        int base = (int) (page * PAGE);
        for (int i = 0; i < PAGE; i += 8) {
            sum += b.getLong(base + i);
        }
        return sum;
    }

    /** The whole file as classic buffers of at most {@link #CHUNK} bytes, in native order. */
    public static List<MappedByteBuffer> chunks(FileChannel ch, long size) throws IOException {
        List<MappedByteBuffer> out = new ArrayList<>();
        for (long at = 0; at < size; at += CHUNK) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(CHUNK, size - at));
            b.order(ByteOrder.nativeOrder());
            out.add(b);
        }
        return out;
    }

    /** The first index of {@code needle}, byte by byte: what a plain Java loop does. */
    public static long naiveFind(MemorySegment s, byte[] needle) {
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

    /**
     * Drops the file's pages from the page cache (clean pages only: the bench files are never
     * dirty) and returns the fraction still resident, measured with mincore.
     */
    public static double evict(Path path) throws IOException {
        return Kernel.dropCache(path);
    }
}
