package dev.ffmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations {@link TruncationStorm} runs against a file that is being truncated, each with
 * its oracle: every call either returns what the intact file gives, or throws
 * {@link MappingFaultException}. Anything else is a failure: another exception, a bare
 * {@link InternalError}, a wrong value (a fault must never produce a value).
 *
 * <p>The file's content is {@link #expected(long)}: lines of 63 letters and a newline, with a
 * period of 64 bytes in the line structure and 26 lines in the letters. Writes only ever store
 * the bytes that are already there, and moves shift by a multiple of the period, so the content
 * stays what the oracle expects while the storm runs.
 */
final class StormOps {
    static final int SIZE = 1 << 20;
    static final int PERIOD = 64 * 26;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * Every operation of {@link MappedFile} that touches the memory, and user-style
     * {@link Mapping#access} bodies of the shapes it documents as safe; the system property
     * {@code storm.ops} (comma-separated) picks others, such as {@code accessByteBoxed}.
     */
    static final List<String> OPS = System.getProperty("storm.ops") != null
            ? List.of(System.getProperty("storm.ops").split(",")) : List.of("get", "slice", "sliceStep", "read", "readInto", "readByte", "readLine",
            "findAbsent", "findLine", "findLong", "rfindLine", "rfindLong", "findFromPosition", "write", "set",
            "setSlice", "setSliceStep", "writeByte", "move", "regex", "regexWindow", "toStringWindow",
            "accessLongSum", "accessCopyBoxed", "accessLongBoxed", "accessFill");

    static final byte[] CONTENT = new byte[SIZE];
    private static final byte[] ABSENT = "#!no such bytes here!#".getBytes();
    /** 601 bytes of the file with one inner byte changed: its first and last bytes match at every period. */
    private static final byte[] LONG_NEEDLE;
    private static final Pattern ABSENT_PATTERN = Pattern.compile("[0-9]{3}");
    private static final Pattern WORD = Pattern.compile("xyz");

    static {
        for (int i = 0; i < SIZE; i++) {
            CONTENT[i] = expected(i);
        }
        LONG_NEEDLE = Arrays.copyOfRange(CONTENT, 640, 640 + 601);
        LONG_NEEDLE[300] = '!';
    }

    private StormOps() {
    }

    static byte expected(long i) {
        long line = i / 64;
        int col = (int) (i % 64);
        return col == 63 ? (byte) '\n' : (byte) ('a' + (line + col) % 26);
    }

    /** Runs {@code op} once with arguments from {@code r}; throws {@link AssertionError} on a wrong value. */
    static void run(String op, MappedFile m, Mapping mapping, SplittableRandom r) {
        long at = r.nextLong(SIZE - 8192);
        int n = 1 + r.nextInt(4096);
        switch (op) {
            case "get" -> same(m.get(at), at, op);
            case "slice" -> same(m.slice(at, at + n), at, n, op);
            case "sliceStep" -> {
                int step = 1 + r.nextInt(70);
                byte[] got = m.slice(at, at + (long) n * step, step);
                for (int k = 0; k < got.length; k++) {
                    check(got[k] == expected(at + (long) k * step), op, at);
                }
            }
            case "read" -> {
                m.seek(at);
                same(m.read(n), at, n, op);
            }
            case "readInto" -> {
                m.seek(at);
                byte[] dst = new byte[n];
                check(m.readInto(dst) == n, op, at);
                same(dst, at, n, op);
            }
            case "readByte" -> {
                m.seek(at);
                same(m.readByte(), at, op);
            }
            case "readLine" -> {
                m.seek(at);
                long end = at / 64 * 64 + 64;
                same(m.readLine(), at, (int) (end - at), op);
            }
            case "findAbsent" -> check(m.find(ABSENT, at, SIZE) == -1, op, at);
            case "findLine" -> {
                long line = at / 64 * 64;
                long want = line + PERIOD; // the same line comes again one period later
                check(m.find(range(line, 64), line + 1, SIZE) == want, op, at);
            }
            case "findLong" -> check(m.find(LONG_NEEDLE, at, at + 65536) == -1, op, at);
            case "rfindLine" -> {
                long line = at / 64 * 64;
                check(m.rfind(range(line, 64), 0, line + 63) == (line >= PERIOD ? line - PERIOD : -1), op, at);
            }
            case "rfindLong" -> check(m.rfind(LONG_NEEDLE, at, at + 65536) == -1, op, at);
            case "findFromPosition" -> {
                m.seek(at);
                check(m.find(ABSENT) == -1, op, at);
            }
            case "write" -> {
                m.seek(at);
                check(m.write(range(at, n)) == n, op, at);
            }
            case "set" -> m.set(at, expected(at) & 0xFF);
            case "setSlice" -> m.setSlice(at, at + n, range(at, n));
            case "setSliceStep" -> {
                byte[] data = new byte[Math.min(n, 2048)];
                for (int k = 0; k < data.length; k++) {
                    data[k] = expected(at + 3L * k);
                }
                m.setSlice(at, at + 3L * data.length, 3, data);
            }
            case "writeByte" -> {
                m.seek(at);
                m.writeByte(expected(at) & 0xFF);
            }
            case "move" -> m.move(at, at + PERIOD, n);
            case "regex" -> {
                Matcher found = ABSENT_PATTERN.matcher(m.asCharSequence(at, n * 2));
                check(!found.find(), op, at);
            }
            case "regexWindow" -> check(WORD.matcher(m.asCharSequence(at, 8192)).find()
                    == new String(range(at, 8192), java.nio.charset.StandardCharsets.ISO_8859_1).contains("xyz"), op, at);
            case "toStringWindow" -> same(m.asCharSequence(at, n).toString()
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), at, n, op);
            case "accessLongSum" -> { // 8-byte reads at multiples of 8, as Mapping.access asks
                long word = at & -8L;
                long sum = mapping.access(s -> {
                    long t = 0;
                    for (long i = word; i + 8 <= word + 4096; i += 8) {
                        t += s.get(LONG, i);
                    }
                    return t;
                });
                check(sum == longSum(word, 4096), op, at);
            }
            case "accessCopyBoxed" -> {
                Byte b = mapping.access(s -> {
                    byte[] copy = new byte[n];
                    MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, copy, 0, n);
                    return copy[n - 1];
                });
                check(b == expected(at + n - 1), op, at);
            }
            case "accessLongBoxed" -> {
                long word = at & -8L;
                Long v = mapping.access(s -> s.get(LONG, word));
                check(v == MemorySegment.ofArray(CONTENT).get(LONG, word), op, at);
            }
            case "accessFill" -> mapping.access(s -> s.asSlice(at, n).copyFrom(MemorySegment.ofArray(range(at, n))));
            case "accessByteBoxed" -> { // the body Mapping.access documents as unsafe: not in OPS, run only on request
                Byte b = mapping.access(s -> s.get(ValueLayout.JAVA_BYTE, at));
                check(b == expected(at), op, at);
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static byte[] range(long at, int n) {
        return Arrays.copyOfRange(CONTENT, (int) at, (int) at + n);
    }

    private static long longSum(long at, int n) {
        MemorySegment c = MemorySegment.ofArray(CONTENT);
        long t = 0;
        for (long i = at; i + 8 <= at + n; i += 8) {
            t += c.get(LONG, i);
        }
        return t;
    }

    /**
     * Checks that {@code got} is the file's {@code length} bytes from {@code at}; a difference
     * names where it starts and shows both, so that the kind of wrong value (zeros, a neighbour's
     * bytes) can be told.
     */
    private static void same(byte[] got, long at, int length, String op) {
        if (got.length != length) {
            throw new AssertionError(op + " at " + at + " gave " + got.length + " bytes, not " + length);
        }
        byte[] want = range(at, length);
        int d = Arrays.mismatch(got, want);
        if (d >= 0) {
            int from = Math.max(0, d - 8);
            int to = Math.min(got.length, d + 24);
            throw new AssertionError(op + " at " + at + " (" + got.length + " bytes) gave a value the file does not hold: from byte "
                    + d + " on, " + HexFormat.of().formatHex(got, from, to) + " where the file holds "
                    + HexFormat.of().formatHex(want, from, to) + " (bytes " + from + ".." + to + ")");
        }
    }

    /** Checks one byte read from {@code at}; a difference shows both values. */
    private static void same(int got, long at, String op) {
        if (got != (expected(at) & 0xFF)) {
            throw new AssertionError(op + " at " + at + " gave a value the file does not hold: "
                    + Integer.toHexString(got) + " where the file holds " + Integer.toHexString(expected(at) & 0xFF));
        }
    }

    private static void check(boolean ok, String op, long at) {
        if (!ok) {
            throw new AssertionError(op + " at " + at + " gave a value the file does not hold");
        }
    }
}
