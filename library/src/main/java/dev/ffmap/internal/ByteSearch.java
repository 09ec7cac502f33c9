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
 * <p><b>Aligned words only.</b> Every word this class reads from a segment lies at an address
 * that is a multiple of 8; a value at any other offset is put together from the aligned words
 * around it by shifts. The JDK reads an unaligned {@code long} in interpreted and C1-compiled
 * code by calling {@code Unsafe.getLongUnaligned}, whose C2 compilation loads the two halves of a
 * {@code long} at an address that is 4 mod 8 with {@code movsxd}; JDK 25's SIGBUS handler on
 * x86-64 cannot decode that instruction to skip it and stops the JVM instead of recovering
 * (RELIABILITY.md, "The movsxd crash"). At a multiple of 8 the same method makes one plain
 * 8-byte load, which the handler recovers from in every mode. Bytes outside the segment, at its
 * unaligned ends, are read by copying the part of the word inside it to the heap.
 *
 * <p><b>The vector code</b> ({@code VectorSearch}) is compiled apart from the rest of the module
 * (its own source directory, with the incubating module added for that compilation only), so the
 * module does not {@code requires jdk.incubator.vector} and its users' builds see no incubator
 * warning. It is loaded, and the module made to read {@code jdk.incubator.vector}, only when the
 * JVM was started with {@code --add-modules jdk.incubator.vector}. The system property
 * {@code dev.ffmap.search} forces the choice: {@code scalar}, {@code vector} (fails without the
 * module) or {@code auto} (the default). {@link #implementation()} says which one runs.
 *
 * <p>No read goes outside the segment or the aligned words that overlap {@code [from, to)}; such
 * a word lies on the same page as a byte of the range, so it faults only when the range does.
 */
public final class ByteSearch {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    /** Needles at least this long, over ranges at least {@link #GRAM_RANGE} long, are probed by byte pairs first. */
    static final int GRAM_MIN = 8;
    static final long GRAM_RANGE = 1024;
    /** Needles up to this long have each pair's places in the needle (at most 64) as one {@code long}. */
    static final int PLACED = 65;
    /** The {@code long}s of a set of byte pairs: 65,536 bits. */
    private static final int PAIR_WORDS = 1024;
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

    // ------------------------------------------------------------------ aligned words

    /** How far {@code address} lies past the 8-byte boundary below it: 0 to 7. */
    private static int lag(long address) {
        return (int) (address & (Long.BYTES - 1));
    }

    /**
     * The 8-byte word at {@code w}, an offset whose address is a multiple of 8. It is read whole
     * when it lies inside the segment. At the segment's ends, which need not be aligned, the
     * bytes inside the segment come from a heap copy and the others are zero.
     */
    private static long word(MemorySegment s, long w) {
        long size = s.byteSize();
        if (w >= 0 && w <= size - Long.BYTES) {
            return s.get(WORD, w);
        }
        long a = Math.max(w, 0);
        long b = Math.min(w + Long.BYTES, size);
        if (a >= b) {
            return 0;
        }
        byte[] part = new byte[Long.BYTES];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, a, part, (int) (a - w), (int) (b - a));
        long x = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            x = x << 8 | (part[i] & 0xFFL);
        }
        return x;
    }

    /**
     * The last bytes' matches of the 8 starts of an aligned word, joined from the byte masks of
     * the two aligned words they lie in ({@code hi} after {@code lo}), {@code shift} bits in.
     */
    private static long joined(long lo, long hi, int shift) {
        return (lo >>> shift) | ((hi << 1) << (63 - shift)); // (hi << 1) << 63 is 0: shift 0 takes lo alone
    }

    /** A word with its low {@code bytes} bytes set, for 0 to 8 or more bytes. */
    private static long lowBytes(long bytes) {
        return bytes >= Long.BYTES ? -1L : (1L << (bytes * 8)) - 1;
    }

    // ------------------------------------------------------------------ one byte

    /**
     * The byte at {@code at}, 0..255, read as part of the aligned word that holds it; safe on
     * memory that may shrink.
     *
     * @throws IndexOutOfBoundsException {@code at} is outside the segment
     */
    public static int byteAt(MemorySegment s, long at) {
        java.util.Objects.checkIndex(at, s.byteSize());
        int k = lag(s.address() + at);
        return (int) (word(s, at - k) >>> (k * 8)) & 0xFF;
    }

    /** The first index in {@code [from, to)} holding {@code b}, or -1. */
    public static long indexOf(MemorySegment s, long from, long to, byte b, boolean mayShrink) {
        if (VECTOR == null || to - from < WINDOW) {
            return wordIndexOf(s, from, to, b);
        }
        return mayShrink ? windowed(s, from, to, 1, (heap, n) -> VECTOR.indexOf(heap, 0, n, b))
                : VECTOR.indexOf(s, from, to, b);
    }

    /** {@link #indexOf(MemorySegment, long, long, byte, boolean)} an aligned word at a time; safe on memory that may shrink. */
    static long wordIndexOf(MemorySegment s, long from, long to, byte b) {
        if (to <= from) {
            return -1;
        }
        long pattern = broadcast(b);
        long w = from - lag(s.address() + from);
        // The word holding from, less its bytes before from and from to on.
        long hits = zeroBytes(word(s, w) ^ pattern) & (-1L << ((from - w) * 8)) & lowBytes(to - w);
        if (hits != 0) {
            return w + (Long.numberOfTrailingZeros(hits) >>> 3);
        }
        for (w += Long.BYTES; w + Long.BYTES <= to; w += Long.BYTES) { // whole words inside the range
            hits = zeroBytes(s.get(WORD, w) ^ pattern);
            if (hits != 0) {
                return w + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        if (w < to) { // the word holding to - 1, less its bytes from to on
            hits = zeroBytes(word(s, w) ^ pattern) & lowBytes(to - w);
            if (hits != 0) {
                return w + (Long.numberOfTrailingZeros(hits) >>> 3);
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
     * of adjacent bytes every {@code n - 1} or {@code n - 2} bytes: each occurrence covers one of
     * those pairs, so where the pair occurs nowhere in the needle, none of the starts around it
     * can match and the scan moves on. Where it does occur, the needle's places of that pair give
     * the only starts that can match, and each is compared (needles of up to {@value #PLACED}
     * bytes; around the probes of longer ones, the first/last-byte filter runs). On random bytes,
     * or text that shares few pairs with the needle, that reads a small fraction of the memory.
     * The spacing is even and a turn makes four probes (eight, two fours, where their words lie
     * inside the segment and the range), so that each keeps its place in the aligned words it is
     * taken from, turn after turn, and that place is never a word's last byte (it is even).
     */
    static long wordIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        Needle p = new Needle(needle);
        long n = p.length;
        if (n < GRAM_MIN || to - from < GRAM_RANGE) {
            return filtered(s, from, to, p);
        }
        long[] pairs = new long[PAIR_WORDS]; // made here, so that the compiler knows its length and drops the index checks
        p.addPairs(pairs);
        long stride = (n - 1) & -2L; // at most n - 1, so that the pairs' starts join up; even
        long base = s.address();
        long size = s.byteSize();
        // The pair at (a, a + 1) lies inside every occurrence starting in [a - n + 2, a]: the pairs
        // at probe + m * stride, m = 0..3, inside every one starting in [probe - n + 2, probe + 3 * stride].
        // The first probe is at the aligned word at or below from + n - 2, which it may not reach
        // (where n - 2 < 7), so every start from on is covered; probed() skips those below from.
        // The probes at probe lie at the start of their words; the others at the shifts below.
        long probe = from + n - 2 - lag(base + from + n - 2);
        long turn = 4 * stride;
        int shift1 = lag(base + probe + stride) * 8;
        int shift2 = lag(base + probe + 2 * stride) * 8;
        int shift3 = lag(base + probe + 3 * stride) * 8;
        long word1 = stride - shift1 / 8; // from probe to the word of each pair
        long word2 = 2 * stride - shift2 / 8;
        long word3 = 3 * stride - shift3 / 8;
        // Where the words of eight probes lie inside the segment and the range, a turn makes eight and
        // reads them directly (4 * stride is a multiple of 8: the same shifts), in turns(); at the ends
        // it makes four, through word(). A turn that hits reads its pairs again (pairsAt).
        long inside8 = Math.min(to - 7 * stride - 2, size - Long.BYTES - turn - word3);
        while (probe + 3 * stride + 2 <= to) {
            if (probe >= 0 && probe <= inside8) {
                // The shifts depend on stride % 8 alone (the first probe is aligned): each case passes
                // them as constants, so that the compiler keeps the offsets in registers.
                probe = switch ((int) stride & 6) {
                    case 0 -> turns(s, pairs, probe, inside8, turn, word1, word2, word3, 0, 0, 0);
                    case 2 -> turns(s, pairs, probe, inside8, turn, word1, word2, word3, 16, 32, 48);
                    case 4 -> turns(s, pairs, probe, inside8, turn, word1, word2, word3, 32, 0, 32);
                    default -> turns(s, pairs, probe, inside8, turn, word1, word2, word3, 48, 32, 16);
                };
                if (probe <= inside8) { // a hit in the turns at probe and probe + turn
                    long found = probed(s, from, to, probe, stride, pairsAt(s, probe, stride), p);
                    if (found < 0) {
                        found = probed(s, from, to, probe + turn, stride, pairsAt(s, probe + turn, stride), p);
                    }
                    if (found >= 0) {
                        return found;
                    }
                    probe += 2 * turn;
                }
                continue;
            }
            long hit = pairBit(pairs, word(s, probe), 0) | pairBit(pairs, word(s, probe + word1), shift1)
                    | pairBit(pairs, word(s, probe + word2), shift2) | pairBit(pairs, word(s, probe + word3), shift3);
            if ((hit & 1) != 0) {
                long found = probed(s, from, to, probe, stride, pairsAt(s, probe, stride), p);
                if (found >= 0) {
                    return found;
                }
            }
            probe += turn;
        }
        return probe + 1 < to ? filtered(s, Math.max(from, probe - n + 2), to, p) : -1;
    }

    /**
     * Eight probes a turn pair from {@code probe} while {@code probe <= last}: returns the first
     * {@code probe} whose turns at {@code probe} and {@code probe + turn} hold a pair that may occur
     * in the needle, or the first past {@code last}. No call inside, so that the compiler keeps what
     * the loop needs in registers.
     */
    private static long turns(MemorySegment s, long[] pairs, long probe, long last, long turn, long word1, long word2,
                              long word3, int shift1, int shift2, int shift3) {
        for (; probe <= last; probe += 2 * turn) {
            long next = probe + turn;
            long hit = pairBit(pairs, s.get(WORD, probe), 0)
                    | pairBit(pairs, s.get(WORD, probe + word1), shift1)
                    | pairBit(pairs, s.get(WORD, probe + word2), shift2)
                    | pairBit(pairs, s.get(WORD, probe + word3), shift3)
                    | pairBit(pairs, s.get(WORD, next), 0)
                    | pairBit(pairs, s.get(WORD, next + word1), shift1)
                    | pairBit(pairs, s.get(WORD, next + word2), shift2)
                    | pairBit(pairs, s.get(WORD, next + word3), shift3);
            if ((hit & 1) != 0) {
                return probe;
            }
        }
        return probe;
    }

    /**
     * Bit 0 set if the pair of bytes {@code shift / 8} and the next of {@code word} may occur in
     * the needle whose pairs {@code pairs} holds (other bits are noise).
     */
    private static long pairBit(long[] pairs, long word, int shift) {
        int pair = (int) (word >>> shift) & 0xFFFF;
        return pairs[pair >>> 6] >>> pair;
    }

    /**
     * The four pairs at {@code probe + m * stride}, m = 0..3, in one {@code long}, the first in the
     * low 16 bits: a turn's probes read again from their aligned words.
     */
    private static long pairsAt(MemorySegment s, long probe, long stride) {
        long base = s.address();
        long packed = 0;
        for (int m = 0; m < 4; m++) {
            long at = probe + m * stride;
            int lag = lag(base + at);
            packed |= ((word(s, at - lag) >>> (8 * lag)) & 0xFFFFL) << (16 * m);
        }
        return packed;
    }

    /**
     * The first occurrence among the starts around a turn's probes at {@code probe + m * stride}
     * ({@code m} = 0..3, their pairs packed in {@code pairs}), or -1. A probe's starts all lie at
     * or below the next probe's, so taking the probes in order and each one's starts upwards
     * finds the first.
     */
    private static long probed(MemorySegment s, long from, long to, long probe, long stride, long pairs, Needle p) {
        long n = p.length;
        if (n > PLACED) {
            return filtered(s, Math.max(from, probe - n + 2), Math.min(to, probe + 3 * stride + n), p);
        }
        long base = s.address();
        long top = to - n;
        for (int m = 0; m < 4; m++, probe += stride) {
            // Bit j: the needle may hold this pair at j, so an occurrence may start at probe - j.
            for (long places = p.placesOf((int) (pairs >>> (16 * m)) & 0xFFFF); places != 0; ) {
                int j = 63 - Long.numberOfLeadingZeros(places);
                long at = probe - j;
                if (at >= from && at <= top && matchesAt(s, base, at, p)) {
                    return at;
                }
                places &= ~(1L << j);
            }
        }
        return -1;
    }

    /**
     * Substring search by the first/last-byte filter over aligned words: for the starts
     * {@code w .. w + 7} of an aligned word {@code w}, the first bytes are that word and the last
     * bytes are spread over two aligned words, whose byte masks are joined by shifts. The words
     * at the ends of the range are read with masks; those between them directly.
     */
    private static long filtered(MemorySegment s, long from, long to, Needle p) {
        long n = p.length;
        long top = to - n; // the last start
        if (top < from) {
            return -1;
        }
        long base = s.address();
        int shift = lag(n - 1) * 8; // where an aligned start's last byte lies in its word
        long w = from - lag(base + from);
        long j = w + n - 1 - shift / 8; // the aligned word holding the last byte of start w
        long lo = zeroBytes(word(s, j) ^ p.last);
        long mask = -1L << ((from - w) * 8); // not the starts below from
        while (w <= top) {
            if (mask == -1L && j + 2 * Long.BYTES <= to) { // all 8 starts and both words inside the range
                long lastWord = j + Long.BYTES - w; // from a start's word to the word after its last byte's
                long end = to - Long.BYTES - lastWord;
                for (; w <= end; w += Long.BYTES) {
                    long hi = zeroBytes(s.get(WORD, w + lastWord) ^ p.last);
                    long hits = zeroBytes(s.get(WORD, w) ^ p.first) & joined(lo, hi, shift);
                    if (hits != 0) {
                        long found = firstMatch(s, base, w, hits, p);
                        if (found >= 0) {
                            return found;
                        }
                    }
                    lo = hi;
                }
                j = w + lastWord - Long.BYTES;
                continue;
            }
            long hi = j + Long.BYTES < to ? zeroBytes(word(s, j + Long.BYTES) ^ p.last) : 0;
            long hits = zeroBytes(word(s, w) ^ p.first) & joined(lo, hi, shift)
                    & mask & lowBytes(top - w + 1);
            if (hits != 0) {
                long found = firstMatch(s, base, w, hits, p);
                if (found >= 0) {
                    return found;
                }
            }
            lo = hi;
            w += Long.BYTES;
            j += Long.BYTES;
            mask = -1L;
        }
        return -1;
    }

    /** The lowest start among {@code hits} (a byte mask of the starts {@code w .. w + 7}) where the needle occurs, or -1. */
    private static long firstMatch(MemorySegment s, long base, long w, long hits, Needle p) {
        for (; hits != 0; hits &= hits - 1) {
            long at = w + (Long.numberOfTrailingZeros(hits) >>> 3);
            if (matchesAt(s, base, at, p)) {
                return at;
            }
        }
        return -1;
    }

    /** The highest start among {@code hits} (a byte mask of the starts {@code w .. w + 7}) where the needle occurs, or -1. */
    private static long lastMatch(MemorySegment s, long base, long w, long hits, Needle p) {
        while (hits != 0) {
            int bit = 63 - Long.numberOfLeadingZeros(hits);
            long at = w + (bit >>> 3);
            if (matchesAt(s, base, at, p)) {
                return at;
            }
            hits &= ~(1L << bit);
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

    /** {@link #lastIndexOf} for needles of one byte or more, an aligned word at a time; safe on memory that may shrink. */
    static long wordLastIndexOf(MemorySegment s, long from, long to, MemorySegment needle) {
        Needle p = new Needle(needle);
        long n = p.length;
        long top = to - n; // the last start
        if (top < from) {
            return -1;
        }
        long base = s.address();
        int shift = lag(n - 1) * 8;
        long w = top - lag(base + top);
        long j = w + n - 1 - shift / 8;
        long hi = j + Long.BYTES < to ? zeroBytes(word(s, j + Long.BYTES) ^ p.last) : 0;
        long mask = lowBytes(top - w + 1); // not the starts above top
        while (w > from - Long.BYTES) {
            if (mask == -1L && w >= from) { // all 8 starts and both words inside the range
                long lastWord = j - w;
                for (; w >= from; w -= Long.BYTES) {
                    long lo = zeroBytes(s.get(WORD, w + lastWord) ^ p.last);
                    long hits = zeroBytes(s.get(WORD, w) ^ p.first) & joined(lo, hi, shift);
                    if (hits != 0) {
                        long found = lastMatch(s, base, w, hits, p);
                        if (found >= 0) {
                            return found;
                        }
                    }
                    hi = lo;
                }
                j = w + lastWord;
                continue;
            }
            long lo = zeroBytes(word(s, j) ^ p.last);
            long hits = zeroBytes(word(s, w) ^ p.first) & joined(lo, hi, shift) & mask;
            if (w < from) {
                hits &= -1L << ((from - w) * 8);
            }
            if (hits != 0) {
                long found = lastMatch(s, base, w, hits, p);
                if (found >= 0) {
                    return found;
                }
            }
            hi = lo;
            w -= Long.BYTES;
            j -= Long.BYTES;
            mask = -1L;
        }
        return -1;
    }

    /**
     * Whether all of the needle occurs at {@code at}: compared an aligned word at a time, or for
     * needles longer than {@value Needle#WORDWISE} bytes, in a heap copy of the candidate.
     */
    private static boolean matchesAt(MemorySegment s, long base, long at, Needle p) {
        if (p.length > Needle.WORDWISE) {
            return p.matchesCopyOf(s, at);
        }
        int k = lag(base + at);
        long w = at - k;
        long end = at + p.length;
        long mask = -1L << (k * 8); // the bytes before at
        for (int m = 0; ; m++, w += Long.BYTES) {
            long left = end - w;
            if (((word(s, w) ^ p.wordAt(k, m)) & mask & lowBytes(left)) != 0) {
                return false;
            }
            if (left <= Long.BYTES) {
                return true;
            }
            mask = -1L;
        }
    }

    /**
     * A needle of one byte or more, with what the word loops compare against. Its words are
     * plain {@code long[]} elements: the needle's bytes as they lie in aligned words when it
     * starts {@code k} bytes past a boundary, for each {@code k} the search meets.
     */
    private static final class Needle {
        /** The longest needle compared word by word (at most 8 arrays of its length are made). */
        static final int WORDWISE = 256;
        final long length;
        /** The first and the last byte, in every byte of a word. */
        final long first;
        final long last;
        private final byte[] bytes;
        private final long[][] lagged = new long[Long.BYTES][];
        private byte[] candidate;
        private long[] places;

        Needle(MemorySegment needle) {
            bytes = needle.toArray(ValueLayout.JAVA_BYTE);
            length = bytes.length;
            first = broadcast(bytes[0]);
            last = broadcast(bytes[bytes.length - 1]);
        }

        /** Word {@code m} of the needle when it starts {@code k} bytes past a boundary: its bytes {@code 8m - k .. 8m - k + 7}, zero outside it. */
        long wordAt(int k, int m) {
            long[] words = lagged[k];
            if (words == null) {
                words = new long[(k + bytes.length + Long.BYTES - 1) / Long.BYTES];
                for (int i = 0; i < bytes.length; i++) {
                    words[(k + i) >>> 3] |= (bytes[i] & 0xFFL) << (((k + i) & 7) * 8);
                }
                lagged[k] = words;
            }
            return words[m];
        }

        /** The pair of bytes {@code j, j + 1}, as the little-endian {@code short} a probe reads. */
        private int pairAt(int j) {
            return (bytes[j] & 0xFF) | (bytes[j + 1] & 0xFF) << 8;
        }

        /** Adds the needle's adjacent byte pairs to {@code set}, 65,536 bits indexed by the pair. */
        void addPairs(long[] set) {
            for (int j = 0; j + 1 < bytes.length; j++) {
                int pair = pairAt(j);
                set[pair >>> 6] |= 1L << pair;
            }
        }

        /**
         * Bit {@code j} set for each {@code j < 64} where the needle holds {@code pair} at bytes
         * {@code j, j + 1}, and for the places of the few other pairs that share its slot in a
         * table of 1,024: a superset of the pair's places, so every start it gives is still compared.
         */
        long placesOf(int pair) {
            if (places == null) {
                places = new long[1024];
                for (int j = 0; j + 1 < Math.min(bytes.length, Long.SIZE + 1); j++) {
                    places[slot(pairAt(j))] |= 1L << j;
                }
            }
            return places[slot(pair)];
        }

        private static int slot(int pair) {
            return (pair * 0x9E3779B1) >>> 22;
        }

        /** Whether the needle occurs at {@code at} of {@code s}, compared in a heap copy. */
        boolean matchesCopyOf(MemorySegment s, long at) {
            if (candidate == null) {
                candidate = new byte[bytes.length];
            }
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, candidate, 0, candidate.length);
            return java.util.Arrays.equals(candidate, bytes);
        }
    }

    // ------------------------------------------------------------------ windows for the vector code

    /** A search of a heap copy {@code [0, length)}: the index found in it, or -1. */
    private interface HeapSearch {
        long find(MemorySegment heap, long length);
    }

    /**
     * Runs a forward search over shrinkable memory in heap copies of {@value #WINDOW} bytes (the
     * copy is the only read of {@code s}); consecutive windows overlap by {@code n - 1} bytes so
     * that every start is searched once with the whole needle in the same window. The copy goes to
     * the array, not to a segment over it: the JDK copies fewer than 64 bytes between segments
     * with the unaligned word reads this class avoids, and into an array with its copy routine.
     */
    private static long windowed(MemorySegment s, long from, long to, long n, HeapSearch search) {
        long step = Math.max(WINDOW, n);
        byte[] buffer = new byte[(int) Math.min(to - from, step + n - 1)];
        MemorySegment heap = MemorySegment.ofArray(buffer);
        for (long start = from; start + n <= to; start += step) {
            long length = Math.min(to, start + step + n - 1) - start;
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, start, buffer, 0, (int) length);
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
