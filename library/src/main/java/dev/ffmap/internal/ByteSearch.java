package dev.ffmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Searches over a segment in Java, eight bytes at a time (SWAR), or a vector at a time when the
 * JVM has the incubating {@code jdk.incubator.vector} module.
 *
 * <p><b>Memory that may shrink.</b> A mapped file can be truncated under the search. The JVM
 * survives the fault (SIGBUS) of an access through a segment by skipping the faulting load and
 * throwing {@link InternalError} later, at a safepoint poll; the load's register keeps whatever it
 * held. So on such memory this class only reads 8-byte words ({@code MemorySegment.get} of a
 * {@code long}): every 64-bit pattern is a legal {@code long}, so a skipped load can give a wrong
 * word but never a value outside the range the JIT assumes for the type (as a skipped byte or int
 * load can, which then indexes an array or a switch table unchecked). What is computed from the
 * words is arithmetic and loop counters bounded by {@code [from, to)}; a result computed from a
 * faulted word is thrown away by the caller, who polls ({@link Faults#settle()}) before using it.
 * Vectors, {@link MemorySegment#mismatch} (the JDK's vectorized mismatch stub, which the JVM does
 * not recover in) and narrow loads run only on memory that cannot shrink: the Java heap (a copy
 * made with {@link MemorySegment#copy}, whose copy routine the JVM does recover in) and anonymous
 * memory. The {@code mayShrink} argument says which memory a call is given.
 *
 * <p><b>The vector code</b> ({@code VectorSearch}) is compiled apart from the rest of the module
 * (its own source directory, with the incubating module added for that compilation only), so the
 * module does not {@code requires jdk.incubator.vector} and its users' builds see no incubator
 * warning. It is loaded, and the module made to read {@code jdk.incubator.vector}, only when the
 * JVM was started with {@code --add-modules jdk.incubator.vector}. The system property
 * {@code dev.ffmap.search} forces the choice: {@code scalar}, {@code vector} (fails without the
 * module) or {@code auto} (the default). {@link #implementation()} says which one runs.
 *
 * <p>No read goes outside {@code [from, to)}.
 */
public final class ByteSearch {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort PAIR = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    /** Needles at least this long, over ranges at least {@link #GRAM_RANGE} long, are probed by byte pairs first. */
    static final int GRAM_MIN = 8;
    static final long GRAM_RANGE = 1024;
    /** Bytes of shrinkable memory copied to the heap at a time for the vector search. */
    static final int WINDOW = 32 * 1024;

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The vector searches, or null; constant, so the JIT keeps one path. */
    private static final Searcher VECTOR = chooseVector(System.getProperty("dev.ffmap.search", "auto"));

    private ByteSearch() {
    }

    /** {@code "vector"} or {@code "scalar"}: the code the searches run. */
    public static String implementation() {
        return VECTOR != null ? "vector" : "scalar";
    }

    private static Searcher chooseVector(String choice) {
        return switch (choice) {
            case "scalar" -> null;
            case "auto" -> loadVector();
            case "vector" -> {
                Searcher v = loadVector();
                if (v == null) {
                    throw new IllegalStateException("dev.ffmap.search=vector needs --add-modules " + VECTOR_MODULE);
                }
                yield v;
            }
            default -> throw new IllegalArgumentException("dev.ffmap.search must be auto, scalar or vector: " + choice);
        };
    }

    /** The vector searches if the boot layer has the module and they load and are wide enough, else null (the word-at-a-time code serves). */
    private static Searcher loadVector() {
        Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).orElse(null);
        if (vector == null) {
            return null;
        }
        ByteSearch.class.getModule().addReads(vector); // the module does not require it: it reads it from now on
        try {
            Class<?> type = Class.forName(ByteSearch.class.getPackageName() + ".VectorSearch");
            Searcher s = (Searcher) type.getDeclaredConstructor().newInstance();
            return s.lanes() >= 16 ? s : null; // narrower vectors would not pay
        } catch (ReflectiveOperationException | LinkageError e) { // not built, or not loadable here
            return null;
        }
    }

    // ------------------------------------------------------------------ one byte

    /**
     * The byte at {@code at}, 0..255, read as part of the 8-byte word around it (the whole
     * segment is read through a heap copy if it is shorter than a word); safe on memory that may
     * shrink.
     *
     * @throws IndexOutOfBoundsException {@code at} is outside the segment
     */
    public static int byteAt(MemorySegment s, long at) {
        long size = s.byteSize();
        java.util.Objects.checkIndex(at, size);
        if (size < Long.BYTES) {
            byte[] copy = new byte[1];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, copy, 0, 1);
            return copy[0] & 0xFF;
        }
        long w = Math.min(at, size - Long.BYTES);
        return (int) (s.get(WORD, w) >>> ((at - w) * 8)) & 0xFF;
    }

    /** The first index in {@code [from, to)} holding {@code b}, or -1. */
    public static long indexOf(MemorySegment s, long from, long to, byte b, boolean mayShrink) {
        if (VECTOR == null || to - from < WINDOW) {
            return wordIndexOf(s, from, to, b);
        }
        return mayShrink ? windowed(s, from, to, 1, (heap, n) -> VECTOR.indexOf(heap, 0, n, b))
                : VECTOR.indexOf(s, from, to, b);
    }

    /** {@link #indexOf(MemorySegment, long, long, byte, boolean)} eight bytes at a time; safe on memory that may shrink. */
    static long wordIndexOf(MemorySegment s, long from, long to, byte b) {
        if (to - from < Long.BYTES) {
            return copiedIndexOf(s, from, to, b);
        }
        long pattern = broadcast(b);
        long i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, i) ^ pattern);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        if (i < to) { // the last word, less the bytes before i that the loop has seen
            long last = to - Long.BYTES;
            long hits = zeroBytes(s.get(WORD, last) ^ pattern) & (-1L << ((i - last) * 8));
            if (hits != 0) {
                return last + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        return -1;
    }

    /** A range of fewer than 8 bytes, searched in a heap copy. */
    private static long copiedIndexOf(MemorySegment s, long from, long to, byte b) {
        if (to <= from) {
            return -1;
        }
        byte[] copy = new byte[(int) (to - from)];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, from, copy, 0, copy.length);
        for (int k = 0; k < copy.length; k++) {
            if (copy[k] == b) {
                return from + k;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ substrings

    /**
     * The first index {@code i} with {@code from <= i} and {@code i + needle.byteSize() <= to}
     * where {@code needle} (heap memory) occurs, or -1. An empty needle is found at {@code from}
     * if {@code from <= to}.
     */
    public static long indexOf(MemorySegment s, long from, long to, MemorySegment needle, boolean mayShrink) {
        long n = needle.byteSize();
        if (n == 0) {
            return from <= to ? from : -1;
        }
        if (n == 1) {
            return indexOf(s, from, to, needle.get(ValueLayout.JAVA_BYTE, 0), mayShrink);
        }
        if (VECTOR == null || to - from < WINDOW) {
            return wordIndexOf(s, from, to, needle);
        }
        if (!mayShrink) {
            return VECTOR.indexOf(s, from, to, needle);
        }
        // On memory that may shrink the vector code must search heap copies, and copying reads every
        // byte: for needles long enough to probe by pairs, which reads a fraction of them, that
        // loses (measured on a warm 1 GiB file: 8 and 16-byte needles as fast or faster without the
        // copies; 1 to 4-byte needles 1.6 to 2.5 times as fast with them).
        return n >= GRAM_MIN ? wordIndexOf(s, from, to, needle)
                : windowed(s, from, to, n, (heap, len) -> VECTOR.indexOf(heap, 0, len, needle));
    }

    /**
     * {@link #indexOf(MemorySegment, long, long, MemorySegment, boolean)} for needles of two bytes
     * or more, without vectors; safe on memory that may shrink.
     *
     * <p>For needles of {@value #GRAM_MIN} bytes or more over long ranges, it first reads one pair
     * of adjacent bytes in every {@code n - 1}: each occurrence covers exactly one of those pairs,
     * so where the pair occurs nowhere in the needle, none of the starts around it can match and
     * the scan moves on. Only around the other probes does the first/last-byte filter run. On
     * random bytes, or text that shares few pairs with the needle, that reads a small fraction of
     * the memory; at worst (every pair is in the needle) it costs about as much as the filter.
     */
    static long wordIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        if (n < GRAM_MIN || to - from < GRAM_RANGE) {
            return filtered(s, from, to, needle);
        }
        long[] pairs = pairSet(needle);
        long stride = n - 1;
        // The pair at (probe, probe + 1) lies inside every occurrence starting in [probe - n + 2, probe].
        long probe = from + n - 2;
        for (; probe + stride + Long.BYTES <= to; probe += 2 * stride) { // two probes per turn, each one word read
            int p1 = (int) (s.get(WORD, probe) & 0xFFFF);
            int p2 = (int) (s.get(WORD, probe + stride) & 0xFFFF);
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

    /** Substring search by the first/last-byte filter, for needles of two bytes or more. */
    private static long filtered(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        long first = broadcast(needle.get(ValueLayout.JAVA_BYTE, 0));
        long last = broadcast(needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long head = headWord(needle);
        long i = from;
        // Both loads stay inside [from, to): the second ends at i + n - 1 + 7 < to.
        for (; i + n + Long.BYTES - 1 <= to; i += Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, i) ^ first) & zeroBytes(s.get(WORD, i + n - 1) ^ last);
            while (hits != 0) {
                long at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (matchesAt(s, at, needle, head, from, to)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        for (; i + n <= to; i++) {
            if (matchesAt(s, i, needle, head, from, to)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The last index {@code i} with {@code from <= i} and {@code i + needle.byteSize() <= to}
     * where {@code needle} (heap memory) occurs, or -1. An empty needle is found at {@code to}
     * if {@code from <= to}.
     */
    public static long lastIndexOf(MemorySegment s, long from, long to, MemorySegment needle, boolean mayShrink) {
        long n = needle.byteSize();
        if (n == 0) {
            return from <= to ? to : -1;
        }
        if (VECTOR == null || mayShrink || to - from < WINDOW) {
            return wordLastIndexOf(s, from, to, needle);
        }
        return VECTOR.lastIndexOf(s, from, to, needle);
    }

    /** {@link #lastIndexOf} for needles of one byte or more, eight bytes at a time; safe on memory that may shrink. */
    static long wordLastIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        long n = needle.byteSize();
        long first = broadcast(needle.get(ValueLayout.JAVA_BYTE, 0));
        long last = broadcast(needle.get(ValueLayout.JAVA_BYTE, n - 1));
        long head = headWord(needle);
        long top = to - n; // the last candidate start
        long j = top - (Long.BYTES - 1);
        // Candidates j .. j + 7; the second load ends at top + n - 1 = to - 1.
        for (; j >= from; j -= Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, j) ^ first) & zeroBytes(s.get(WORD, j + n - 1) ^ last);
            while (hits != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(hits);
                long at = j + (bit >>> 3);
                if (matchesAt(s, at, needle, head, from, to)) {
                    return at;
                }
                hits &= ~(1L << bit);
            }
        }
        for (long i = Math.min(top, j + Long.BYTES - 1); i >= from; i--) {
            if (matchesAt(s, i, needle, head, from, to)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether all of {@code needle} occurs at {@code at}, reading only whole words that lie in
     * {@code [from, to)}: needles of 8 bytes or more word by word (the last word overlapping),
     * shorter ones as part of one word, or from a heap copy when the range is shorter than a word.
     */
    static boolean matchesAt(MemorySegment s, long at, MemorySegment needle, long head, long from, long to) {
        long n = needle.byteSize();
        if (n >= Long.BYTES) {
            for (long j = 0; j + Long.BYTES < n; j += Long.BYTES) {
                if (s.get(WORD, at + j) != needle.get(WORD, j)) {
                    return false;
                }
            }
            return s.get(WORD, at + n - Long.BYTES) == needle.get(WORD, n - Long.BYTES);
        }
        long w = Math.min(at, to - Long.BYTES); // a word holding [at, at + n), inside [from, to)
        long mask = (1L << (n * 8)) - 1;
        if (w < from) {
            byte[] copy = new byte[(int) n];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, copy, 0, copy.length);
            return (headWord(MemorySegment.ofArray(copy)) & mask) == (head & mask);
        }
        return ((s.get(WORD, w) >>> ((at - w) * 8)) & mask) == (head & mask);
    }

    /** The needle's first (up to) 8 bytes as a little-endian word. */
    private static long headWord(MemorySegment needle) {
        long word = 0;
        for (int k = (int) Math.min(needle.byteSize(), Long.BYTES) - 1; k >= 0; k--) {
            word = word << 8 | (needle.get(ValueLayout.JAVA_BYTE, k) & 0xFFL);
        }
        return word;
    }

    // ------------------------------------------------------------------ windows for the vector code

    /** A search of a heap copy {@code [0, length)}: the index found in it, or -1. */
    private interface HeapSearch {
        long find(MemorySegment heap, long length);
    }

    /**
     * Runs a forward search over shrinkable memory in heap copies of {@value #WINDOW} bytes (the
     * copy is the only read of {@code s}); consecutive windows overlap by {@code n - 1} bytes so
     * that every start is searched once with the whole needle in the same window.
     */
    private static long windowed(MemorySegment s, long from, long to, long n, HeapSearch search) {
        long step = Math.max(WINDOW, n);
        byte[] buffer = new byte[(int) Math.min(to - from, step + n - 1)];
        MemorySegment heap = MemorySegment.ofArray(buffer);
        for (long start = from; start + n <= to; start += step) {
            long length = Math.min(to, start + step + n - 1) - start;
            MemorySegment.copy(s, start, heap, 0, length);
            long found = search.find(heap, length);
            if (found >= 0) {
                return start + found;
            }
        }
        return -1;
    }

    static long broadcast(byte b) {
        return (b & 0xFFL) * ONES;
    }

    /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, no borrow). */
    static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }
}
