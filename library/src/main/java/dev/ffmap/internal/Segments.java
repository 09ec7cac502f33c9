package dev.ffmap.internal;

import dev.ffmap.MmapException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/** The places ffmap turns a raw address from the kernel into a sized segment. */
public final class Segments {
    private Segments() {
    }

    /** A segment of {@code length} bytes at {@code address}, in the global scope: the caller unmaps it, as in C. */
    @SuppressWarnings("restricted")
    public static MemorySegment unbound(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /** All of memory, writable and read-only: a slice of one is a sized segment in one object. */
    @SuppressWarnings("restricted")
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final MemorySegment ALL_READ_ONLY = ALL.asReadOnly();

    /**
     * A view of {@code length} bytes at {@code address}, read-only if asked, that dies with
     * {@code arena}: two objects, where {@code ofAddress}, {@code reinterpret} and
     * {@code asReadOnly} would make three.
     */
    @SuppressWarnings("restricted")
    public static MemorySegment view(long address, long length, boolean readOnly, Arena arena) {
        return (readOnly ? ALL_READ_ONLY : ALL).asSlice(address, length).reinterpret(arena, null);
    }

    /**
     * A segment of {@code length} bytes at {@code address} that dies with {@code arena}. The
     * {@code keepAlive} object is held by the arena while it is open, so it stays reachable as
     * long as any segment of the arena is.
     */
    @SuppressWarnings("restricted")
    public static MemorySegment bound(long address, long length, Arena arena, Object keepAlive) {
        return MemorySegment.ofAddress(address).reinterpret(length, arena, s -> Reference.reachabilityFence(keepAlive));
    }

    /**
     * A segment of {@code length} bytes at {@code address} that belongs to the caller's
     * {@code arena}: when the arena closes, the range is unmapped. This is how
     * {@link java.nio.channels.FileChannel#map(java.nio.channels.FileChannel.MapMode, long, long, Arena)}
     * hands out its segments; many mappings then share one arena and one close.
     */
    @SuppressWarnings("restricted")
    public static MemorySegment owned(Os os, long address, long length, Arena arena) {
        return MemorySegment.ofAddress(address).reinterpret(length, arena, s -> {
            try {
                os.munmap(address, length);
            } catch (MmapException e) { // cannot happen for a range mmap returned; Arena.close reports it
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
