package dev.ffmap.cli;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The loops {@code ffmap compare} times: a sum of longs over a whole segment or buffer set.
 * One method per kind of segment, with the same body: a shared method would see both segment
 * classes (ffmap's and FileChannel's), and the JIT would compile it for the first one it met,
 * slowing the other down. Each variant gets its own profile, as JMH forks would give.
 */
final class Scans {
    private static final long GIB = 1L << 30;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    /** Keeps results observable so the JIT cannot drop the scans. */
    static volatile long sink;

    private Scans() {
    }

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

    /** The same sum over MappedByteBuffers. */
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
    static MappedByteBuffer[] chunks(FileChannel ch, long size) throws IOException {
        int count = (int) Math.ceilDiv(size, GIB);
        MappedByteBuffer[] chunks = new MappedByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long at = i * GIB;
            chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(GIB, size - at));
            chunks[i].order(ByteOrder.nativeOrder());
        }
        return chunks;
    }

    /** Nanoseconds of map + first scan + unmap through a {@link Mapping} made with {@code options}. */
    static long firstScan(Path file, MapOptions options) throws IOException {
        long t0 = System.nanoTime();
        try (Mapping m = Mapping.map(file, options)) {
            sink += sum(m.segment());
        }
        return System.nanoTime() - t0;
    }

    /** The same through FileChannel.map into a shared arena. */
    static long firstScanChannel(Path file, long size) throws IOException {
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
            sink += sumChannel(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
        }
        return System.nanoTime() - t0;
    }
}
