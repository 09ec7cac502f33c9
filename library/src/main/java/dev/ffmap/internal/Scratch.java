package dev.ffmap.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;

/**
 * A native buffer per thread for what a system call reads or fills: a path, a struct. Mapping a
 * file makes two such calls (open, fstat), and a confined arena for each cost more garbage than
 * everything else a mapping allocates. The buffer is used only for the duration of the one call
 * that fills or reads it; no call on a thread nests another that uses it. It is plain malloc'd
 * memory, never a mapping, so the downcall guard passes it.
 */
final class Scratch {
    private static final long INITIAL = 8192;
    private static final ThreadLocal<MemorySegment> BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(INITIAL, 16));

    private Scratch() {
    }

    /** This thread's buffer, at least {@code bytes} long (grown, once, for a longer need). */
    static MemorySegment get(long bytes) {
        MemorySegment b = BUFFER.get();
        if (b.byteSize() < bytes) {
            b = Arena.ofAuto().allocate(bytes, 16);
            BUFFER.set(b);
        }
        return b;
    }

    /** Whether {@code [address, address + size)} (at least one byte) lies inside this thread's buffer. */
    static boolean holds(long address, long size) {
        MemorySegment b = BUFFER.get();
        long offset = address - b.address();
        return offset >= 0 && offset < b.byteSize() && Math.max(size, 1) <= b.byteSize() - offset;
    }

    /** {@code s} as a NUL-terminated C string in {@code charset} in this thread's buffer. */
    static MemorySegment string(String s, Charset charset) {
        MemorySegment b = get(4L * s.length() + 4); // room for any charset the backends use, and its NUL
        b.setString(0, s, charset);
        return b;
    }
}
