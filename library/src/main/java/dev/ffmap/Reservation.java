package dev.ffmap;

import dev.ffmap.internal.Os;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A range of address space that ffmap reserved ({@code PROT_NONE}, {@code MAP_NORESERVE}) and
 * that nothing else will be placed in: the only place where {@link MapFlag#MAP_FIXED} and
 * {@link MremapFlag#MREMAP_FIXED} are allowed, since inside it they cannot overwrite the JVM's
 * own memory.
 *
 * <pre>{@code
 * try (Reservation r = Reservation.reserve(2 * size)) {
 *     MemorySegment first = Mman.mmap(r.at(0), size, Set.of(PROT_READ, PROT_WRITE), Set.of(MAP_SHARED, MAP_FIXED), fd, 0);
 *     MemorySegment second = Mman.mmap(r.at(size), size, Set.of(PROT_READ, PROT_WRITE), Set.of(MAP_SHARED, MAP_FIXED), fd, 0);
 * }
 * }</pre>
 *
 * <p>{@link #close()} unmaps the whole range, including everything mapped into it; segments
 * obtained from those {@link Mman#mmap} calls must not be touched afterwards. Thread-safe.
 */
public final class Reservation implements AutoCloseable {
    /** Live reservations by base address. */
    private static final ConcurrentSkipListMap<Long, Reservation> LIVE = new ConcurrentSkipListMap<>();

    private final long base;
    private final long length;
    private boolean closed;

    private Reservation(long base, long length) {
        this.base = base;
        this.length = length;
    }

    /**
     * Reserves {@code length} bytes (rounded up to whole pages) of address space.
     *
     * @param length the bytes to reserve, positive
     * @return the reservation, live until {@link #close()}
     * @throws MmapException ENOMEM (no room in the address space)
     * @throws IllegalArgumentException length is zero or negative
     */
    public static Reservation reserve(long length) throws MmapException {
        if (length <= 0) {
            throw new IllegalArgumentException("Reservation length must be positive: " + length);
        }
        Os os = Os.current();
        long rounded = Math.ceilDiv(length, os.pageSize()) * os.pageSize();
        int flags = NativeFlag.mask(java.util.List.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_NORESERVE));
        long base = os.mmap(0L, rounded, Prot.PROT_NONE.value(), flags, -1, 0L);
        Reservation r = new Reservation(base, rounded);
        LIVE.put(base, r);
        return r;
    }

    /** {@return the first address of the range} */
    public long address() {
        return base;
    }

    /** {@return the length of the range in bytes, a whole number of pages} */
    public long byteSize() {
        return length;
    }

    /**
     * {@return the address {@code offset} bytes into the range, as a zero-length segment for
     * {@link Mman#mmap}'s {@code addr}}
     *
     * @param offset bytes from the start of the range, from 0 to {@link #byteSize()}
     * @throws IndexOutOfBoundsException if {@code offset} is outside the range
     */
    public MemorySegment at(long offset) {
        if (offset < 0 || offset > length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside reservation of " + length + " bytes");
        }
        return MemorySegment.ofAddress(base + offset);
    }

    /**
     * {@return whether {@code [address, address + len)} lies inside this reservation}
     *
     * @param address the first address of the range asked about
     * @param len     its length in bytes; a negative length is never inside
     */
    public boolean contains(long address, long len) {
        return address >= base && len >= 0 && address - base <= length - len;
    }

    /** {@return whether {@link #close()} has run} */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unmaps the whole range and everything mapped into it. Idempotent. */
    @Override
    public synchronized void close() throws MmapException {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(base, this);
        Os.current().munmap(base, length);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Reservation[0x%x, %d bytes%s]", base, length, closed ? ", closed" : "");
    }

    synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Reservation is closed: " + this);
        }
    }

    /** The live reservation holding {@code [address, address + len)}, or an error pointing to the safe flag. */
    static Reservation covering(long address, long len, String flag, String instead) {
        Map.Entry<Long, Reservation> e = LIVE.floorEntry(address);
        if (e == null || !e.getValue().contains(address, len)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s at 0x%x (%d bytes) is outside every Reservation: it would replace memory the JVM may own. "
                            + "Use %s, or map inside a Reservation", flag, address, len, instead));
        }
        return e.getValue();
    }
}
