package dev.ffmap;

import dev.ffmap.internal.Segments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The same shared memory mapped twice, back to back: byte {@code i} and byte
 * {@code i + size()} of {@link #segment()} are one byte. A ring buffer over it can hand out any
 * {@code n <= size()} bytes starting anywhere in the first copy as one contiguous segment, with
 * no wrap-around logic; {@link ByteRing} does.
 *
 * <p>It is made by reserving {@code 2 × size} bytes of address space ({@link Reservation}) and
 * mapping the same range of a {@link SharedMemory} into each half with {@code MAP_FIXED}, which
 * cannot touch anything but the reservation.
 *
 * <p><b>Lifetime.</b> {@link #segment()} is bound to an arena owned by this object: after
 * {@link #close()} every access through it throws {@link IllegalStateException}, and the whole
 * range is unmapped once. One that is never closed is unmapped once neither it nor any segment
 * of it is reachable. The {@link SharedMemory} it was made from may be closed right after
 * construction. Thread-safe.
 */
public final class MirroredMemory implements AutoCloseable {
    private final Reservation reservation;
    private final long size;
    private final Arena arena;
    private final MemorySegment segment;
    private final Cleaner.Cleanable cleanable;
    private boolean closed;

    private MirroredMemory(Reservation reservation, long size) {
        this.reservation = reservation;
        this.size = size;
        this.arena = Arena.ofShared();
        // the arena keeps this object reachable while any segment of it is; when neither is, the cleaner unmaps
        this.segment = Segments.bound(reservation.address(), 2 * size, arena, this);
        this.cleanable = Lifetime.CLEANER.register(this, new Unmapper(reservation));
    }

    /** Closes the reservation for the cleaner; must not refer to the MirroredMemory. */
    private record Unmapper(Reservation reservation) implements Runnable {
        @Override
        public void run() {
            try {
                reservation.close();
            } catch (MmapException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /**
     * Maps {@code [offset, offset + size)} of {@code shm} twice, back to back, readable and writable.
     *
     * @param shm    the shared memory whose pages are mapped; it may be closed afterwards
     * @param offset where the range starts in {@code shm}, a multiple of the page size
     * @param size   the size of one copy, a positive multiple of the page size
     * @return the mirrored mapping, open until {@link #close()}
     * @throws IllegalArgumentException size is not a positive multiple of the page size, offset
     *                                  is not a multiple of it, or the range goes past the end of {@code shm}
     * @throws MmapException ENOMEM, EPERM (a memfd sealed against writes)
     */
    public static MirroredMemory map(SharedMemory shm, long offset, long size) throws MmapException {
        Objects.requireNonNull(shm, "shm");
        long page = Mman.pageSize();
        if (size <= 0 || size % page != 0) {
            throw new IllegalArgumentException("Mirrored size must be a positive multiple of the page size " + page + ": " + size);
        }
        if (offset < 0 || offset % page != 0) {
            throw new IllegalArgumentException("Mirrored offset must be a non-negative multiple of the page size " + page + ": " + offset);
        }
        long end = Math.addExact(offset, size);
        if (end > shm.size()) {
            throw new IllegalArgumentException("Range [" + offset + ", " + end + ") is beyond the end of " + shm
                    + " (size " + shm.size() + ")");
        }
        Reservation r = Reservation.reserve(2 * size);
        boolean success = false;
        try {
            Set<Prot> prot = EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE);
            Set<MapFlag> flags = EnumSet.of(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED);
            int fd = shm.fd();
            Mman.mmap(r.at(0), size, prot, flags, fd, offset);
            Mman.mmap(r.at(size), size, prot, flags, fd, offset);
            MirroredMemory m = new MirroredMemory(r, size);
            success = true;
            return m;
        } finally {
            if (!success) {
                r.close();
            }
        }
    }

    /**
     * Mirrored memory of {@code size} bytes of its own, zero-filled, from a memfd that is closed
     * again before this returns: for a ring inside one process.
     *
     * @param size the size of one copy, a positive multiple of the page size
     * @return the mirrored mapping, open until {@link #close()}
     * @throws IllegalArgumentException size is not a positive multiple of the page size
     * @throws MmapException ENOMEM, or EMFILE (no descriptor left for the memfd)
     */
    public static MirroredMemory anonymous(long size) throws MmapException {
        try (SharedMemory shm = SharedMemory.anonymous("ffmap-mirror", size)) {
            return map(shm, 0, size);
        }
    }

    /**
     * {@return the {@code 2 × size()} bytes; the second half is the first one again}
     *
     * @throws IllegalStateException if this is closed
     */
    public MemorySegment segment() {
        if (isClosed()) {
            throw new IllegalStateException("MirroredMemory is closed: " + this);
        }
        return segment;
    }

    /** {@return the size of one copy in bytes} */
    public long size() {
        return size;
    }

    /** {@return whether {@link #close()} has run} */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps both copies and kills every segment of them. Idempotent.
     *
     * @throws IllegalStateException a segment of it is in use by a native call right now
     */
    @Override
    public synchronized void close() throws MmapException {
        if (closed) {
            return;
        }
        arena.close();
        closed = true;
        reservation.close();
        cleanable.clean(); // the reservation is closed already: only deregisters
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MirroredMemory[0x%x, 2 x %d bytes%s]", reservation.address(), size,
                isClosed() ? ", closed" : "");
    }
}
