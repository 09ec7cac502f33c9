package dev.ffmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Searches over a segment in Java, eight bytes at a time (SWAR), or a vector at a time when the JVM
 * has the incubating {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>The choice is made once, when this class is initialized, and never requires the module: without
 * it, {@link VectorSearch} is never loaded. The system property {@code dev.ffmap.search} forces it:
 * {@code scalar} uses the word-at-a-time code even when the module is there, {@code vector} fails
 * class initialization when the module is missing, and {@code auto} (the default) takes the vector
 * code whenever it can. {@link #implementation()} says which one runs.
 *
 * <p>These scans run on file-backed memory, so they must stay in Java: if the file shrinks under
 * the mapping, a fault in Java code becomes an error the caller can catch, while the same fault
 * inside a native {@code memchr}/{@code memmem} kills the process.
 *
 * <p>The substring search tests the first and the last byte of the needle at eight candidate
 * positions per step (two unaligned loads), and compares the rest with
 * {@link MemorySegment#mismatch} only where both match. No read goes outside {@code [from, to)}.
 */
public final class ByteSearch {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final ValueLayout.OfShort PAIR = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Needles at least this long, over ranges at least {@link #GRAM_RANGE} long, are probed by byte pairs first. */
    static final int GRAM_MIN = 8;
    static final long GRAM_RANGE = 1024;

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Whether the searches run in {@link VectorSearch}; constant, so the JIT keeps one path. */
    private static final boolean VECTOR = chooseVector(System.getProperty("dev.ffmap.search", "auto"));

    private ByteSearch() {
    }

    /** {@code "vector"} or {@code "scalar"}: the code the searches run. */
    public static String implementation() {
        return VECTOR ? "vector" : "scalar";
    }

    private static boolean chooseVector(String choice) {
        return switch (choice) {
            case "scalar" -> false;
            case "auto" -> vectorUsable();
            case "vector" -> {
                if (!vectorUsable()) {
                    throw new IllegalStateException("dev.ffmap.search=vector needs --add-modules " + VECTOR_MODULE);
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("dev.ffmap.search must be auto, scalar or vector: " + choice);
        };
    }

    /** Whether the boot layer has the module, this module reads it, and the vector class loads. */
    private static boolean vectorUsable() {
        Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).orElse(null);
        if (vector == null || !ByteSearch.class.getModule().canRead(vector)) {
            return false;
        }
        try {
            return VectorSearch.LANES >= 16; // narrower vectors would not pay
        } catch (LinkageError e) {
            return false;
        }
    }

    /** The first index in {@code [from, to)} holding {@code b}, or -1. */
    public static long indexOf(MemorySegment s, long from, long to, byte b) {
        return VECTOR ? VectorSearch.indexOf(s, from, to, b) : wordIndexOf(s, from, to, b);
    }

    /** {@link #indexOf(MemorySegment, long, long, byte)} eight bytes at a time. */
    static long wordIndexOf(MemorySegment s, long from, long to, byte b) {
        long pattern = broadcast(b);
        long i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, i) ^ pattern);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first index {@code i} with {@code from <= i} and {@code i + needle.byteSize() <= to} where
     * {@code needle} occurs, or -1. An empty needle is found at {@code from} if {@code from <= to}.
     *
     * <p>For needles of {@value #GRAM_MIN} bytes or more over long ranges, it first reads one
     * pair of adjacent bytes in every {@code n - 1}: each occurrence covers exactly one of those
     * pairs, so where the pair occurs nowhere in the needle, none of the starts around it can match
     * and the scan moves on. Only around the other probes does the word-at-a-time filter run. On
     * random bytes, or text that shares few pairs with the needle, that reads a small fraction of
     * the memory; at worst (every pair is in the needle) it costs about as much as the filter.
     */
    public static long indexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        if (n == 0) {
            return from <= to ? from : -1;
        }
        if (n == 1) {
            return indexOf(s, from, to, needle.get(ValueLayout.JAVA_BYTE, 0));
        }
        return VECTOR ? VectorSearch.indexOf(s, from, to, needle) : wordIndexOf(s, from, to, needle);
    }

    /** {@link #indexOf(MemorySegment, long, long, MemorySegment)} for needles of two bytes or more, without vectors. */
    static long wordIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        if (n < GRAM_MIN || to - from < GRAM_RANGE) {
            return filtered(s, from, to, needle);
        }
        long[] pairs = pairSet(needle);
        long stride = n - 1;
        // The pair at (probe, probe + 1) lies inside every occurrence starting in [probe - n + 2, probe].
        long probe = from + n - 2;
        for (; probe + stride + 1 < to; probe += 2 * stride) { // two probes per turn
            int p1 = s.get(PAIR, probe) & 0xFFFF;
            int p2 = s.get(PAIR, probe + stride) & 0xFFFF;
            if ((((pairs[p1 >>> 6] >>> p1) | (pairs[p2 >>> 6] >>> p2)) & 1) == 0) {
                continue;
            }
            long found = filtered(s, probe - n + 2, Math.min(to, probe + stride + n), needle);
            if (found >= 0) {
                return found;
            }
        }
        return probe + 1 < to ? filtered(s, probe - n + 2, to, needle) : -1;
    }

    /** The set of the needle's adjacent byte pairs, as 65,536 bits indexed by the little-endian short. */
    private static long[] pairSet(MemorySegment needle) {
        long[] set = new long[1024];
        for (long j = 0; j + 1 < needle.byteSize(); j++) {
            int p = needle.get(PAIR, j) & 0xFFFF;
            set[p >>> 6] |= 1L << p;
        }
        return set;
    }

    /** {@link #indexOf(MemorySegment, long, long, MemorySegment)} for needles of two bytes or more, by the first/last-byte filter. */
    private static long filtered(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        long first = broadcast(needle.get(ValueLayout.JAVA_BYTE, 0));
        long last = broadcast(needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long i = from;
        // Both loads stay inside [from, to): the second ends at i + n - 1 + 7 < to.
        for (; i + n + Long.BYTES - 1 <= to; i += Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, i) ^ first) & zeroBytes(s.get(WORD, i + n - 1) ^ last);
            while (hits != 0) {
                long at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (matchesInside(s, at, needle, n)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        for (; i + n <= to; i++) {
            if (MemorySegment.mismatch(s, i, i + n, needle, 0, n) == -1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The last index {@code i} with {@code from <= i} and {@code i + needle.byteSize() <= to} where
     * {@code needle} occurs, or -1. An empty needle is found at {@code to} if {@code from <= to}.
     */
    public static long lastIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        if (n == 0) {
            return from <= to ? to : -1;
        }
        return VECTOR ? VectorSearch.lastIndexOf(s, from, to, needle) : wordLastIndexOf(s, from, to, needle);
    }

    /** {@link #lastIndexOf} for needles of one byte or more, eight bytes at a time. */
    static long wordLastIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        long first = broadcast(needle.get(ValueLayout.JAVA_BYTE, 0));
        long last = broadcast(needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long top = to - n; // the last candidate start
        long j = top - (Long.BYTES - 1);
        // Candidates j .. j + 7; the second load ends at top + n - 1 = to - 1.
        for (; j >= from; j -= Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, j) ^ first) & zeroBytes(s.get(WORD, j + n - 1) ^ last);
            while (hits != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(hits);
                long at = j + (bit >>> 3);
                if (matchesInside(s, at, needle, n)) {
                    return at;
                }
                hits &= ~(1L << bit);
            }
        }
        for (long i = Math.min(top, j + Long.BYTES - 1); i >= from; i--) {
            if (MemorySegment.mismatch(s, i, i + n, needle, 0, n) == -1) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the needle's inner bytes (its first and last already matched) occur at {@code at}. */
    static boolean matchesInside(MemorySegment s, long at, MemorySegment needle, long n) {
        return n <= 2 || MemorySegment.mismatch(s, at + 1, at + n - 1, needle, 1, n - 1) == -1;
    }

    private static long broadcast(byte b) {
        return (b & 0xFFL) * ONES;
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, no borrow). */
    private static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }
}
