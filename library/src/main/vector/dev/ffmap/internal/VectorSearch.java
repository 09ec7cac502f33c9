package dev.ffmap.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The searches of {@link ByteSearch}, a whole vector of positions per step, with the incubating
 * Vector API. Compiled apart from the rest of the module (this source directory is compiled with
 * {@code jdk.incubator.vector} added, the module's descriptor does not require it) and loaded by
 * {@link ByteSearch} only when the JVM has that module.
 *
 * <p><b>Only memory that cannot shrink:</b> the Java heap ({@link ByteSearch} copies windows of a
 * mapped file there first) or anonymous memory. A vector load of a page a truncation removed is
 * not recovered by the JVM (SIGBUS kills it), nor is {@link MemorySegment#mismatch}'s vectorized
 * stub, which the verification here uses.
 *
 * <p>The substring search is the generic SIMD filter: broadcast two of the needle's bytes, compare
 * each with the haystack at its own offset in the needle, AND the two masks, and verify only the
 * starts left. No read goes outside {@code [from, to)}: the vector loop stops where a full vector
 * would not fit and the word-at-a-time code finishes the tail.
 */
final class VectorSearch implements Searcher {
    /** The widest vector the CPU has, but no more than 64 lanes so that a mask fits in a {@code long}. */
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED.length() <= Long.SIZE
            ? ByteVector.SPECIES_PREFERRED : ByteVector.SPECIES_512;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Made by {@link ByteSearch} through a method handle. */
    VectorSearch() {
    }

    @Override
    public int lanes() {
        return LANES;
    }

    /** Two vectors per step, like {@code memchr}. */
    @Override
    public long indexOf(MemorySegment s, long from, long to, byte b) {
        ByteVector pattern = ByteVector.broadcast(SPECIES, b);
        long i = from;
        for (; i + 2 * LANES <= to; i += 2 * LANES) {
            VectorMask<Byte> low = load(s, i).eq(pattern);
            VectorMask<Byte> high = load(s, i + LANES).eq(pattern);
            if (low.or(high).anyTrue()) {
                return low.anyTrue() ? i + low.firstTrue() : i + LANES + high.firstTrue();
            }
        }
        return ByteSearch.wordIndexOf(s, i, to, b);
    }

    @Override
    public long indexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        ByteVector first = ByteVector.broadcast(SPECIES, needle.get(ValueLayout.JAVA_BYTE, 0));
        ByteVector last = ByteVector.broadcast(SPECIES, needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long i = from;
        // Starts i .. i + 2 * LANES - 1; the last load ends at i + n - 1 + 2 * LANES - 1 < to.
        for (; i + n - 1 + 2 * LANES <= to; i += 2 * LANES) {
            VectorMask<Byte> low = load(s, i).eq(first).and(load(s, i + n - 1).eq(last));
            VectorMask<Byte> high = load(s, i + LANES).eq(first).and(load(s, i + LANES + n - 1).eq(last));
            if (low.or(high).anyTrue()) {
                long found = firstMatch(s, i, low.toLong(), needle, n);
                if (found < 0) {
                    found = firstMatch(s, i + LANES, high.toLong(), needle, n);
                }
                if (found >= 0) {
                    return found;
                }
            }
        }
        return ByteSearch.wordIndexOf(s, i, to, needle);
    }

    @Override
    public long lastIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        ByteVector first = ByteVector.broadcast(SPECIES, needle.get(ValueLayout.JAVA_BYTE, 0));
        ByteVector last = ByteVector.broadcast(SPECIES, needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long j = to - n - (LANES - 1);
        // Starts j .. j + LANES - 1; the second load ends at to - 1.
        for (; j >= from; j -= LANES) {
            VectorMask<Byte> hits = load(s, j).eq(first).and(load(s, j + n - 1).eq(last));
            if (hits.anyTrue()) {
                long found = lastMatch(s, j, hits.toLong(), needle, n);
                if (found >= 0) {
                    return found;
                }
            }
        }
        // The starts left are from .. j + LANES - 1 (all of them, ending at to, if the loop never ran).
        return ByteSearch.wordLastIndexOf(s, from, j + LANES - 1 + n, needle);
    }

    /** The lowest start {@code at + bit} with a bit set in {@code hits} where the needle occurs, or -1. */
    private static long firstMatch(MemorySegment s, long at, long hits, MemorySegment needle, long n) {
        for (; hits != 0; hits &= hits - 1) {
            long start = at + Long.numberOfTrailingZeros(hits);
            if (matchesInside(s, start, needle, n)) {
                return start;
            }
        }
        return -1;
    }

    /** The highest start {@code at + bit} with a bit set in {@code hits} where the needle occurs, or -1. */
    private static long lastMatch(MemorySegment s, long at, long hits, MemorySegment needle, long n) {
        for (; hits != 0; hits &= ~Long.highestOneBit(hits)) {
            long start = at + 63 - Long.numberOfLeadingZeros(hits);
            if (matchesInside(s, start, needle, n)) {
                return start;
            }
        }
        return -1;
    }

    /** Whether the needle's inner bytes (its first and last already matched) occur at {@code at}. */
    private static boolean matchesInside(MemorySegment s, long at, MemorySegment needle, long n) {
        return n <= 2 || MemorySegment.mismatch(s, at + 1, at + n - 1, needle, 1, n - 1) == -1;
    }

    private static ByteVector load(MemorySegment s, long offset) {
        return ByteVector.fromMemorySegment(SPECIES, s, offset, ORDER);
    }
}
