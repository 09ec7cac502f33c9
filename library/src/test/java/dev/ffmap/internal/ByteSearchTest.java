package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The word-at-a-time and probing searches against a naive reference, on haystacks from small
 * alphabets (so that partial matches, repeated needle bytes and every code path occur) and in
 * windows placed at arbitrary offsets of a native segment.
 */
class ByteSearchTest {

    @Test
    void indexOfAndLastIndexOfAgreeWithNaiveSearch() {
        Random random = new Random(20261125);
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 400; round++) {
                int alphabet = random.nextBoolean() ? 1 + random.nextInt(4) : 8 + random.nextInt(9);
                byte[] hay = randomBytes(random, 1 + random.nextInt(300), alphabet);
                MemorySegment s = arena.allocate(hay.length + 8, 8).asSlice(random.nextInt(8), hay.length);
                MemorySegment.copy(hay, 0, s, ValueLayout.JAVA_BYTE, 0, hay.length);
                for (int t = 0; t < 60; t++) {
                    byte[] needle = random.nextBoolean()
                            ? randomBytes(random, random.nextInt(40), alphabet)
                            : slice(random, hay, random.nextInt(30));
                    int from = random.nextInt(hay.length + 1);
                    int to = random.nextInt(hay.length + 1);
                    MemorySegment n = MemorySegment.ofArray(needle);
                    String what = "needle " + Arrays.toString(needle) + " in [" + from + ", " + to + ") of " + Arrays.toString(hay);
                    assertEquals(naive(hay, needle, from, to, false), find(s, from, to, n), what);
                    assertEquals(naive(hay, needle, from, to, true), rfind(s, from, to, n), what);
                }
            }
        }
    }

    @Test
    void everyStartAddressAndSegmentEndIsSearchedRight() {
        // The searches read aligned words: the segment's start address and its two ends, which
        // cut a word, must not change an answer. Native slices at each of the 8 address lags,
        // and heap slices, over every window of short haystacks.
        Random random = new Random(42);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(64 + 16, 8);
            for (int size = 1; size <= 40; size++) {
                for (int lag = 0; lag < 8; lag++) {
                    byte[] hay = randomBytes(random, size, 2 + random.nextInt(3));
                    MemorySegment nativeSlice = block.asSlice(lag, size);
                    MemorySegment.copy(hay, 0, nativeSlice, ValueLayout.JAVA_BYTE, 0, size);
                    byte[] padded = new byte[size + 16];
                    System.arraycopy(hay, 0, padded, lag, size);
                    MemorySegment heapSlice = MemorySegment.ofArray(padded).asSlice(lag, size);
                    for (MemorySegment s : new MemorySegment[] {nativeSlice, heapSlice}) {
                        for (int i = 0; i < size; i++) {
                            assertEquals(hay[i] & 0xFF, ByteSearch.byteAt(s, i), "byte " + i + " of " + s);
                        }
                        for (int t = 0; t < 12; t++) {
                            byte[] needle = t % 2 == 0 ? slice(random, hay, 1 + random.nextInt(12))
                                    : randomBytes(random, 1 + random.nextInt(10), 3);
                            MemorySegment n = MemorySegment.ofArray(needle);
                            for (int from = 0; from <= size; from++) {
                                for (int to = from; to <= size; to++) {
                                    String what = "needle " + Arrays.toString(needle) + " in [" + from + ", " + to + ") of "
                                            + Arrays.toString(hay) + " at lag " + lag + " of " + s;
                                    assertEquals(naive(hay, needle, from, to, false), find(s, from, to, n), what);
                                    assertEquals(naive(hay, needle, from, to, true), rfind(s, from, to, n), what);
                                    assertEquals(naive(hay, new byte[] {needle[0]}, from, to, false),
                                            find(s, from, to, needle[0]), what);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void longNeedlesAreComparedInHeapCopiesAndFoundRight() {
        // Needles past the word-by-word limit, over haystacks that repeat them with one byte changed.
        Random random = new Random(5);
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 40; round++) {
                byte[] needle = randomBytes(random, 250 + random.nextInt(60), 3);
                byte[] hay = new byte[4000 + random.nextInt(3000)];
                for (int at = 0; at + needle.length <= hay.length; at += needle.length + random.nextInt(9)) {
                    System.arraycopy(needle, 0, hay, at, needle.length);
                    if (random.nextInt(4) != 0) {
                        hay[at + random.nextInt(needle.length)] ^= 1;
                    }
                }
                MemorySegment s = arena.allocate(hay.length + 8, 8).asSlice(random.nextInt(8), hay.length);
                MemorySegment.copy(hay, 0, s, ValueLayout.JAVA_BYTE, 0, hay.length);
                int from = random.nextInt(500);
                int to = hay.length - random.nextInt(500);
                MemorySegment n = MemorySegment.ofArray(needle);
                String what = "needle of " + needle.length + " in [" + from + ", " + to + ") of " + hay.length;
                assertEquals(naive(hay, needle, from, to, false), find(s, from, to, n), what);
                assertEquals(naive(hay, needle, from, to, true), rfind(s, from, to, n), what);
            }
        }
    }

    @Test
    void pairProbingOverLongRangesAgreesWithNaiveSearch() {
        Random random = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 60; round++) {
                int alphabet = random.nextBoolean() ? 2 + random.nextInt(3) : 8 + random.nextInt(9);
                byte[] hay = randomBytes(random, (int) ByteSearch.GRAM_RANGE + random.nextInt(5000), alphabet);
                MemorySegment s = arena.allocate(hay.length + 8, 8).asSlice(random.nextInt(8), hay.length);
                MemorySegment.copy(hay, 0, s, ValueLayout.JAVA_BYTE, 0, hay.length);
                for (int t = 0; t < 40; t++) {
                    byte[] needle = random.nextBoolean()
                            ? randomBytes(random, ByteSearch.GRAM_MIN + random.nextInt(12), alphabet)
                            : slice(random, hay, ByteSearch.GRAM_MIN + random.nextInt(ByteSearch.PLACED + 40));
                    int from = random.nextInt(hay.length / 4);
                    int to = hay.length - random.nextInt(hay.length / 4);
                    String what = "needle " + Arrays.toString(needle) + " in [" + from + ", " + to + ")";
                    assertEquals(naive(hay, needle, from, to, false), find(s, from, to, MemorySegment.ofArray(needle)), what);
                }
            }
        }
    }

    @Test
    void periodicNeedlesAreFoundAtTheirFirstOfManyOverlappingOccurrences() {
        // A periodic needle inside a longer run of its period occurs at every period of the run, so
        // several occurrences start around the same probe: the lowest must come back.
        Random random = new Random(13);
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 400; round++) {
                int period = 1 + random.nextInt(5);
                byte[] unit = randomBytes(random, period, 3);
                int n = ByteSearch.GRAM_MIN + random.nextInt(ByteSearch.PLACED + 20);
                byte[] needle = new byte[n];
                for (int i = 0; i < n; i++) {
                    needle[i] = unit[i % period];
                }
                byte[] hay = randomBytes(random, (int) ByteSearch.GRAM_RANGE + random.nextInt(3000), 16);
                int run = n + random.nextInt(3 * period + 40);
                int at = random.nextInt(hay.length - run);
                for (int i = 0; i < run; i++) {
                    hay[at + i] = unit[i % period];
                }
                MemorySegment s = arena.allocate(hay.length + 8, 8).asSlice(random.nextInt(8), hay.length);
                MemorySegment.copy(hay, 0, s, ValueLayout.JAVA_BYTE, 0, hay.length);
                int from = random.nextInt(at + 1);
                String what = "needle " + Arrays.toString(needle) + " in a run of " + run + " at " + at + " from " + from;
                assertEquals(naive(hay, needle, from, hay.length, false), find(s, from, hay.length, MemorySegment.ofArray(needle)), what);
                assertEquals(naive(hay, needle, from, hay.length, true), rfind(s, from, hay.length, MemorySegment.ofArray(needle)), what);
            }
        }
    }

    @Test
    void byteIndexOfAgreesWithNaiveSearchAndFindsEveryPosition() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(300);
            for (int at = 0; at < 300; at++) {
                s.fill((byte) 'a');
                s.set(ValueLayout.JAVA_BYTE, at, (byte) '\n');
                for (int from = 0; from <= 300; from += 13) {
                    long expected = from <= at ? at : -1;
                    assertEquals(expected, find(s, from, 300, (byte) '\n'), "at " + at + " from " + from);
                }
                assertEquals(-1, find(s, 0, at, (byte) '\n'), "never past the end, at " + at);
            }
        }
    }

    @Test
    void findsANeedleAtEveryPositionAndNeverReadsPastTheWindow() {
        // The needle continues past `to`: a search that read beyond the window would find it.
        byte[] needle = "0123456789abcdefXYZ".getBytes();
        MemorySegment n = MemorySegment.ofArray(needle);
        for (int size : new int[] {200, (int) ByteSearch.GRAM_RANGE * 2 + 5}) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment s = arena.allocate(size);
                for (int at = 0; at + needle.length <= size; at++) {
                    s.fill((byte) '.');
                    MemorySegment.copy(needle, 0, s, ValueLayout.JAVA_BYTE, at, needle.length);
                    String where = "at " + at + " of " + size;
                    assertEquals(at, find(s, 0, size, n), where);
                    assertEquals(at, rfind(s, 0, size, n), where);
                    assertEquals(at, find(s, 0, at + needle.length, n), where);
                    assertEquals(-1, find(s, 0, at + needle.length - 1, n), where);
                    assertEquals(-1, rfind(s, 0, at + needle.length - 1, n), where);
                    assertEquals(-1, find(s, at + 1, size, n), where);
                    assertEquals(-1, rfind(s, at + 1, size, n), where);
                }
            }
        }
    }

    @Test
    void rangesLongerThanAWindowAreSearchedAcrossWindowBoundaries() {
        // Over ranges of a window or more, the vector code (when the JVM has it) copies shrinkable
        // memory to the heap a window at a time: needles that straddle a window's end must be found.
        Random random = new Random(11);
        int size = 3 * ByteSearch.WINDOW + 1000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(size);
            for (int round = 0; round < 200; round++) {
                s.fill((byte) 'a');
                byte[] needle = randomBytes(random, 1 + random.nextInt(40), 12);
                int boundary = ByteSearch.WINDOW * (1 + random.nextInt(3));
                int at = Math.max(0, Math.min(size - needle.length, boundary - random.nextInt(needle.length + 2)));
                MemorySegment.copy(needle, 0, s, ValueLayout.JAVA_BYTE, at, needle.length);
                byte[] hay = s.toArray(ValueLayout.JAVA_BYTE);
                MemorySegment n = MemorySegment.ofArray(needle);
                int from = random.nextInt(1000);
                String what = "needle " + Arrays.toString(needle) + " at " + at + " from " + from;
                assertEquals(naive(hay, needle, from, size, false), find(s, from, size, n), what);
                assertEquals(naive(hay, needle, from, size, true), rfind(s, from, size, n), what);
                assertEquals(naive(hay, new byte[] {needle[0]}, from, size, false), find(s, from, size, needle[0]), what);
            }
        }
    }

    @Test
    void singleBytesAreReadAsPartOfAWord() {
        try (Arena arena = Arena.ofConfined()) {
            for (int size = 1; size < 40; size++) {
                MemorySegment s = arena.allocate(size);
                for (int i = 0; i < size; i++) {
                    s.set(ValueLayout.JAVA_BYTE, i, (byte) (200 + i));
                }
                for (int i = 0; i < size; i++) {
                    assertEquals((200 + i) & 0xFF, ByteSearch.byteAt(s, i), "byte " + i + " of " + size);
                }
                int last = size;
                org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> ByteSearch.byteAt(s, last));
            }
        }
    }

    /** The search of memory that may shrink and of memory that cannot must agree; returns their answer. */
    private static long find(MemorySegment s, long from, long to, MemorySegment needle) {
        long shrinkable = ByteSearch.indexOf(s, from, to, needle, true);
        assertEquals(shrinkable, ByteSearch.indexOf(s, from, to, needle, false), "the two paths disagree");
        return shrinkable;
    }

    private static long rfind(MemorySegment s, long from, long to, MemorySegment needle) {
        long shrinkable = ByteSearch.lastIndexOf(s, from, to, needle, true);
        assertEquals(shrinkable, ByteSearch.lastIndexOf(s, from, to, needle, false), "the two paths disagree");
        return shrinkable;
    }

    private static long find(MemorySegment s, long from, long to, byte b) {
        long shrinkable = ByteSearch.indexOf(s, from, to, b, true);
        assertEquals(shrinkable, ByteSearch.indexOf(s, from, to, b, false), "the two paths disagree");
        return shrinkable;
    }

    private static byte[] randomBytes(Random random, int length, int alphabet) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) "ab\0\ncdefghijklmn".charAt(random.nextInt(alphabet));
        }
        return b;
    }

    private static byte[] slice(Random random, byte[] hay, int length) {
        int start = random.nextInt(hay.length);
        return Arrays.copyOfRange(hay, start, Math.min(hay.length, start + length));
    }

    /** Python's find/rfind over [from, to): the lowest (highest) start whose whole needle fits. */
    private static long naive(byte[] hay, byte[] needle, int from, int to, boolean last) {
        long found = -1;
        for (int i = from; i + needle.length <= to; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                if (!last) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }
}
