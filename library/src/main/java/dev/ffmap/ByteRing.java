package dev.ffmap;

import dev.ffmap.internal.Faults;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.Objects;

/**
 * A single-producer, single-consumer byte ring in shared memory, usable between threads or
 * processes. The data area is {@link MirroredMemory}, so {@link #claim} and {@link #readable}
 * return one contiguous segment even where the bytes wrap around the end of the ring.
 *
 * <pre>{@code
 * // producer
 * MemorySegment out = ring.claim(n);          // null while fewer than n bytes are free
 * if (out != null) {
 *     MemorySegment.copy(src, JAVA_BYTE, 0, out, JAVA_BYTE, 0, n);
 *     ring.commit(n);
 * }
 * // consumer
 * MemorySegment in = ring.readable();         // everything committed so far, one segment
 * if (in.byteSize() >= n) {
 *     use(in.asSlice(0, n));
 *     ring.release(n);
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> The {@link SharedMemory} holds one header page (a magic number, the
 * capacity, and the producer's and consumer's positions on cache lines of their own) followed
 * by {@code capacity} bytes of data: {@link #bytesNeeded}. Positions only grow; the producer
 * publishes with a release store after writing the bytes, the consumer reads it with an acquire
 * load before reading them, and the same the other way for freed space. Nothing blocks: an empty
 * or full ring returns an empty segment or {@code null}; wait as suits you
 * ({@link Thread#onSpinWait()}, a sleep, a futex of your own).
 *
 * <p><b>Threads.</b> At most one producer thread (claim, commit, offer) and one consumer thread
 * (readable, release) at a time, across all processes; this is not checked. Lifetime: after
 * {@link #close()} every segment it handed out throws {@link IllegalStateException} on access.
 */
public final class ByteRing implements AutoCloseable {
    private static final long MAGIC = 0x6666_6d61_7072_6e67L; // "ffmaprng"
    private static final long CAPACITY_AT = 8;
    private static final long HEAD_AT = 64;
    private static final long TAIL_AT = 128;

    private final Mapping header;
    private final MirroredMemory data;
    private final MemorySegment ring;
    private final long capacity;
    private final SharedLong head;
    private final SharedLong tail;
    /** The producer's view of the consumer's position, refreshed only when the ring looks full. */
    private long tailSeen;
    /** The consumer's view of the producer's position, as of the last {@link #readable()}. */
    private long headSeen;
    private long claimed;

    private ByteRing(Mapping header, MirroredMemory data) {
        this.header = header;
        this.data = data;
        this.ring = data.segment();
        this.capacity = data.size();
        this.head = SharedLong.at(header.segment(), HEAD_AT);
        this.tail = SharedLong.at(header.segment(), TAIL_AT);
        this.tailSeen = tail.getAcquire();
        this.headSeen = head.getAcquire();
    }

    /**
     * The size a {@link SharedMemory} needs for a ring of {@code capacity} bytes: one header page more.
     *
     * @param capacity the ring's data size in bytes
     * @return {@code capacity} plus one page, the size to give {@link SharedMemory}
     * @throws IllegalArgumentException capacity is not positive, or the sum does not fit in a long
     */
    public static long bytesNeeded(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("Ring capacity must be positive: " + capacity);
        }
        if (capacity > Long.MAX_VALUE - Mman.pageSize()) {
            throw new IllegalArgumentException("A ring of " + capacity + " bytes and its header page exceed Long.MAX_VALUE");
        }
        return Mman.pageSize() + capacity;
    }

    /**
     * Starts an empty ring of {@code capacity} bytes in {@code shm}, which must be at least
     * {@link #bytesNeeded} long; whatever ring was there is reset. Call once, before any
     * other process {@link #attach}es.
     *
     * @param shm      the shared memory that holds the header page and the data
     * @param capacity the ring's data size in bytes, a positive multiple of the page size
     * @return the ring, attached in this process; close it when done
     * @throws IOException              the header page or the mirrored data could not be mapped
     *                                  ({@link MmapException} names the call and errno)
     * @throws IllegalArgumentException capacity is not a positive multiple of the page size, or
     *                                  {@code shm} is too small
     */
    public static ByteRing create(SharedMemory shm, long capacity) throws IOException {
        Objects.requireNonNull(shm, "shm");
        if (capacity <= 0 || capacity % Mman.pageSize() != 0) {
            throw new IllegalArgumentException("Ring capacity must be a positive multiple of the page size "
                    + Mman.pageSize() + ": " + capacity);
        }
        if (shm.size() < bytesNeeded(capacity)) {
            throw new IllegalArgumentException("A ring of " + capacity + " bytes needs " + bytesNeeded(capacity)
                    + " bytes of shared memory, " + shm + " has " + shm.size());
        }
        try (Mapping h = shm.map(MapOptions.readWrite().withLength(Mman.pageSize()))) {
            MemorySegment s = h.segment();
            SharedLong.at(s, HEAD_AT).set(0);
            SharedLong.at(s, TAIL_AT).set(0);
            s.set(ValueLayout.JAVA_LONG, CAPACITY_AT, capacity);
            SharedLong.at(s, 0).setRelease(MAGIC);
        }
        return attach(shm);
    }

    /**
     * Opens the ring that {@link #create} started in {@code shm}.
     *
     * @param shm the shared memory a ring was created in, by this or another process
     * @return the ring, with its header and mirrored data mapped here; close it when done
     * @throws IOException              the header page or the mirrored data could not be mapped
     *                                  ({@link MmapException} names the call and errno)
     * @throws IllegalArgumentException {@code shm} holds no ring
     */
    public static ByteRing attach(SharedMemory shm) throws IOException {
        long page = Mman.pageSize();
        Mapping h = shm.map(MapOptions.readWrite().withLength(page));
        boolean success = false;
        try {
            MemorySegment s = h.segment();
            if (SharedLong.at(s, 0).getAcquire() != MAGIC) {
                throw new IllegalArgumentException("No ring in " + shm + ": create one with ByteRing.create");
            }
            long capacity = s.get(ValueLayout.JAVA_LONG, CAPACITY_AT);
            ByteRing r = new ByteRing(h, MirroredMemory.map(shm, page, capacity));
            success = true;
            return r;
        } finally {
            if (!success) {
                h.close();
            }
        }
    }

    /**
     * The number of bytes the ring holds when full.
     *
     * @return the data size given to {@link #create}
     */
    public long capacity() {
        return capacity;
    }

    /**
     * Producer: {@code n} writable bytes at the end of the ring as one segment, or {@code null}
     * if fewer than {@code n} are free now. Nothing is visible to the consumer before {@link #commit}.
     *
     * @param n the number of bytes to claim, from 0 to {@link #capacity()}
     * @return a writable segment of {@code n} bytes (contiguous even across the wrap, as the
     *         data is mapped twice), or {@code null} if the ring has less free space
     * @throws IllegalArgumentException n is negative or more than {@link #capacity()}
     */
    public MemorySegment claim(long n) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("Claim of " + n + " bytes from a ring of " + capacity);
        }
        long h = head.getAcquire();
        if (h + n - tailSeen > capacity) {
            tailSeen = tail.getAcquire();
            if (h + n - tailSeen > capacity) {
                return null;
            }
        }
        claimed = n;
        return ring.asSlice(h % capacity, n);
    }

    /**
     * Producer: publishes the first {@code n} bytes of the last {@link #claim}.
     *
     * @param n the number of bytes written, at most the claimed size
     * @throws IllegalArgumentException n is more than was claimed
     */
    public void commit(long n) {
        if (n < 0 || n > claimed) {
            throw new IllegalArgumentException("Commit of " + n + " bytes after a claim of " + claimed);
        }
        claimed = 0;
        head.setRelease(head.getAcquire() + n);
    }

    /**
     * Producer: copies all of {@code src} into the ring if it fits now. {@code src} may be a
     * mapped file: if reading it faults (the file was truncated under it), the JVM's
     * {@link InternalError} is thrown and nothing is committed.
     *
     * @param src the bytes to publish
     * @return {@code true} if they were copied and committed, {@code false} if the ring had
     *         less free space (nothing is written then)
     */
    public boolean offer(MemorySegment src) {
        long n = src.byteSize();
        MemorySegment out = claim(n);
        if (out == null) {
            return false;
        }
        // The layout form copies with the JDK's copy routine, which the JVM recovers from when src
        // faults; the plain segment-to-segment form reads short copies as unaligned words, which it
        // cannot always recover from (RELIABILITY.md, "The movsxd crash").
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, out, ValueLayout.JAVA_BYTE, 0, n);
        Faults.settle(); // a fault throws here, before the bytes are published
        commit(n);
        return true;
    }

    /**
     * Consumer: every published byte not yet released, as one segment (empty if none).
     *
     * @return a segment over the readable bytes, valid until they are {@link #release}d
     */
    public MemorySegment readable() {
        long t = tail.getAcquire();
        headSeen = head.getAcquire();
        return ring.asSlice(t % capacity, headSeen - t);
    }

    /**
     * Consumer: hands the first {@code n} readable bytes back to the producer.
     *
     * @param n the number of bytes consumed, at most the readable count
     * @throws IllegalArgumentException n is negative or more than is readable
     */
    public void release(long n) {
        long t = tail.getAcquire();
        if (n < 0 || t + n > headSeen) {
            headSeen = head.getAcquire();
            if (n < 0 || t + n > headSeen) {
                throw new IllegalArgumentException("Release of " + n + " bytes, " + (headSeen - t) + " readable");
            }
        }
        tail.setRelease(t + n);
    }

    /** Unmaps the header and the data; segments handed out die. Idempotent. */
    @Override
    public void close() throws MmapException {
        try {
            data.close();
        } finally {
            header.close();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ByteRing[capacity=%d, %s]", capacity, data.isClosed() ? "closed" : "open");
    }
}
