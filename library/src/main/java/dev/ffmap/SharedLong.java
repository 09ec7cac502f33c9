package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code long} in shared memory with atomic access that holds across processes: a counter,
 * a sequence number, a flag, a lock word. The CPU's atomic instructions work on the physical
 * memory, so they are atomic between processes that map the same page at any address, as long
 * as the value is naturally aligned; {@link #at} checks that up front instead of failing at the
 * first access.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.open("/jobs"); Mapping m = shm.map()) {
 *     SharedLong done = SharedLong.at(m.segment(), 0);
 *     done.getAndAdd(1);                 // atomic in every process mapping /jobs
 * }
 * }</pre>
 *
 * <p>The same works without this class through {@code ValueLayout.JAVA_LONG.varHandle()} or
 * {@code JAVA_INT.varHandle()} on the segment ({@code getAndAdd}, {@code compareAndSet},
 * {@code getAcquire}/{@code setRelease}, {@code getVolatile}); the JDK throws
 * {@link IllegalArgumentException} at the first access if the address is misaligned. Reads and
 * writes with plain {@code get}/{@code set} are not atomic read-modify-writes: two processes
 * adding that way lose updates.
 *
 * <p>Lifetime: the value lives in the segment; after the mapping is closed every method throws
 * {@link IllegalStateException}. Thread-safe: every method is one atomic access.
 *
 * <p>On a file that can be truncated while mapped, an access to a lost page throws the JVM's
 * {@link InternalError} in every compilation mode, at the JVM's next poll. One window is left:
 * the atomic read-modify-writes ({@link #getAndAdd}, {@link #getAndSet}, {@link #compareAndSet})
 * read the value first, and if the page is lost between that read and the atomic write while the
 * caller runs in the interpreter, the JVM's native compare-and-set faults where the JVM does not
 * recover, and the JVM stops. Keep such counters in memory no process shrinks: an unlinked
 * {@link SharedMemory}, or a file only this program sizes.
 */
public final class SharedLong {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final long offset;

    private SharedLong(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
    }

    /**
     * The {@code long} at {@code offset} of {@code segment}.
     *
     * @param segment native memory, usually a {@code MAP_SHARED} mapping other processes map too
     * @param offset  where the 8 bytes start in {@code segment}
     * @return the atomic view of those 8 bytes
     * @throws IllegalArgumentException the segment is not native memory, or the address is not a
     *                                  multiple of 8
     * @throws IndexOutOfBoundsException the 8 bytes do not fit in the segment
     */
    public static SharedLong at(MemorySegment segment, long offset) {
        Objects.requireNonNull(segment, "segment");
        Objects.checkFromIndexSize(offset, Long.BYTES, segment.byteSize());
        if (!segment.isNative()) {
            throw new IllegalArgumentException("Atomics across processes need native (mapped) memory, not " + segment);
        }
        long address = segment.address() + offset;
        if (address % Long.BYTES != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Misaligned atomic long at offset %d (address 0x%x): the address must be a multiple of 8",
                    offset, address));
        }
        return new SharedLong(segment, offset);
    }

    /** {@return the value, read with volatile semantics} */
    public long get() {
        return (long) LONG.getVolatile(segment, offset);
    }

    /**
     * Sets the value with volatile semantics.
     *
     * @param value the new value
     */
    public void set(long value) {
        LONG.setVolatile(segment, offset, value);
    }

    /**
     * {@return the value; later reads and writes of this thread are not moved before it}
     * Pairs with {@link #setRelease}.
     */
    public long getAcquire() {
        return (long) LONG.getAcquire(segment, offset);
    }

    /**
     * Sets the value after every earlier read and write of this thread: publishes data written before it.
     *
     * @param value the new value
     */
    public void setRelease(long value) {
        LONG.setRelease(segment, offset, value);
    }

    /**
     * Atomically adds {@code delta}.
     *
     * @param delta what to add (wraps around on overflow, as {@code long} addition does)
     * @return the value before
     */
    public long getAndAdd(long delta) {
        return (long) LONG.getAndAdd(segment, offset, delta);
    }

    /**
     * Atomically sets {@code value} if the value is {@code expected}.
     *
     * @param expected the value the caller saw
     * @param value    the new value
     * @return true if it was {@code expected} and is now {@code value}
     */
    public boolean compareAndSet(long expected, long value) {
        // Interpreted code compares and sets in the JVM's native Unsafe_CompareAndSetLong, which does
        // not recover from a fault: a page the file's truncation took crashes the JVM there. The
        // volatile read first does recover, and throws before the compare-and-set is reached (as the
        // read inside getAndAdd and getAndSet does). A truncation between the two still crashes
        // interpreted code; RELIABILITY.md, "SharedLong on a file that shrinks".
        if ((long) LONG.getVolatile(segment, offset) != expected) {
            return false; // the value read is not expected: the strong compare-and-set would fail too
        }
        return LONG.compareAndSet(segment, offset, expected, value);
    }

    /**
     * Atomically sets {@code value}.
     *
     * @param value the new value
     * @return the value before
     */
    public long getAndSet(long value) {
        return (long) LONG.getAndSet(segment, offset, value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SharedLong[0x%x]", segment.address() + offset);
    }
}
