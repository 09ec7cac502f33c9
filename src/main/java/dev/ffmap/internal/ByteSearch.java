package dev.ffmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Searches over a segment in Java, eight bytes at a time (SWAR).
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
    /** Needles at least this long are searched by probing one byte in every needle length first. */
    private static final int PROBE_MIN = 8;
    /** A probe byte found at most this often in the needle is checked candidate by candidate. */
    private static final int FEW = 4;

    private ByteSearch() {
    }

    /** The first index in {@code [from, to)} holding {@code b}, or -1. */
    public static long indexOf(MemorySegment s, long from, long to, byte b) {
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
     * <p>For needles of {@value #PROBE_MIN} bytes or more, it first reads one byte in every
     * {@code n}: each occurrence covers exactly one of those bytes, so where the byte is not in the
     * needle at all, none of the {@code n} starts around it can match and the scan moves on
     * {@code n} bytes. Only around the other probes does the word-at-a-time filter run. On text
     * that shares few bytes with the needle that reads a fraction of the memory; at worst (every
     * probe byte is in the needle) it costs about as much as the filter alone.
     */
    public static long indexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        if (n == 0) {
            return from <= to ? from : -1;
        }
        if (n == 1) {
            return indexOf(s, from, to, needle.get(ValueLayout.JAVA_BYTE, 0));
        }
        if (n < PROBE_MIN) {
            return filtered(s, from, to, needle);
        }
        Occurrences at = new Occurrences(needle);
        byte first = needle.get(ValueLayout.JAVA_BYTE, 0);
        byte last = needle.get(ValueLayout.JAVA_BYTE, n - 1);
        for (long probe = from + n - 1; probe < to; probe += n) {
            int b = s.get(ValueLayout.JAVA_BYTE, probe) & 0xFF;
            int lo = at.start[b];
            int hi = at.start[b + 1];
            if (lo == hi) {
                continue;
            }
            // Candidate starts probe - j for each j with needle[j] == b, lowest start first; if
            // there are many, the window filter is cheaper than trying each.
            if (hi - lo > FEW) {
                long found = filtered(s, probe - n + 1, Math.min(to, probe + n), needle);
                if (found >= 0) {
                    return found;
                }
                continue;
            }
            for (int k = lo; k < hi; k++) {
                long c = probe - at.positions[k];
                if (c + n <= to && s.get(ValueLayout.JAVA_BYTE, c) == first
                        && s.get(ValueLayout.JAVA_BYTE, c + n - 1) == last && matchesInside(s, c, needle, n)) {
                    return c;
                }
            }
        }
        return -1;
    }

    /**
     * Where each byte value occurs in a needle: {@code positions[start[b] .. start[b + 1])} are the
     * indices of {@code b}, highest first (so the candidate starts they give come lowest first).
     */
    private static final class Occurrences {
        final int[] start = new int[257];
        final int[] positions;

        Occurrences(MemorySegment needle) {
            int n = Math.toIntExact(needle.byteSize());
            positions = new int[n];
            for (int j = 0; j < n; j++) {
                start[(needle.get(ValueLayout.JAVA_BYTE, j) & 0xFF) + 1]++;
            }
            for (int b = 0; b < 256; b++) {
                start[b + 1] += start[b];
            }
            int[] fill = Arrays.copyOf(start, 256);
            for (int j = n - 1; j >= 0; j--) {
                positions[fill[needle.get(ValueLayout.JAVA_BYTE, j) & 0xFF]++] = j;
            }
        }
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
    private static boolean matchesInside(MemorySegment s, long at, MemorySegment needle, long n) {
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
