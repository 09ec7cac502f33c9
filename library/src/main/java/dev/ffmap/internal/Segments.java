package dev.ffmap.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/** The two places ffmap turns a raw address from the kernel into a sized segment. */
public final class Segments {
    private Segments() {
    }

    /** A segment of {@code length} bytes at {@code address}, in the global scope: the caller unmaps it, as in C. */
    @SuppressWarnings("restricted")
    public static MemorySegment unbound(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
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
}
