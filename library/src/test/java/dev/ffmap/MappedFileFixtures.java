package dev.ffmap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the {@code MappedFile*Test} classes share: files, Python's rules written out naively
 * (independent of {@link PyIndex} and the byte search), and a CPython peer run over the same file.
 */
final class MappedFileFixtures {
    /** A short text with NULs, a newline and repeats: Python's {@code b"ab\0ab\0\0abc\nxyz"}. */
    static final byte[] PY_TEXT = latin1("ab\0ab\0\0abc\nxyz");

    private static final HexFormat HEX = HexFormat.of();

    private MappedFileFixtures() {
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** {@code size} bytes that differ from their neighbours and cover all 256 values. */
    static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        return data;
    }

    static Path file(Path dir, String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The exception Python raises, translated as MappedFile's Javadoc says, with Python's message first. */
    static <T extends Throwable> T assertPyError(Class<T> type, String pythonMessage, Executable call) {
        T e = assertThrows(type, call);
        String message = e.getMessage();
        assertTrue(message != null && message.startsWith(pythonMessage),
                () -> "message should start with Python's \"" + pythonMessage + "\" but is: " + message);
        return e;
    }

    // ------------------------------------------------------------ Python's rules, naively

    /** A find/rfind bound as in slice notation: negative counts from the end, then into [0, length]. */
    static long refBound(long bound, int length) {
        long b = bound < 0 ? bound + length : bound;
        return b < 0 ? 0 : Math.min(b, length);
    }

    /** {@code bytes.find}: the first i in [start, end - len(sub)] where sub matches; "" matches at start. */
    static long refFind(byte[] hay, byte[] sub, long start, long end) {
        long s = refBound(start, hay.length);
        long e = refBound(end, hay.length);
        for (long i = s; i + sub.length <= e; i++) {
            if (matchesAt(hay, (int) i, sub)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code bytes.rfind}: the last such i; "" matches at end. */
    static long refRfind(byte[] hay, byte[] sub, long start, long end) {
        long s = refBound(start, hay.length);
        long e = refBound(end, hay.length);
        for (long i = e - sub.length; i >= s; i--) {
            if (matchesAt(hay, (int) i, sub)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(byte[] hay, int at, byte[] sub) {
        for (int k = 0; k < sub.length; k++) {
            if (hay[at + k] != sub[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The indices {@code s[start:stop:step]} visits, walked one step at a time: bounds count from
     * the end when negative, then clamp to [0, len] going up or to [-1, len - 1] going down.
     */
    static List<Integer> refSliceIndices(int length, long start, long stop, long step) {
        List<Integer> out = new ArrayList<>();
        if (step > 0) {
            long i = clamp(start < 0 ? start + length : start, 0, length);
            long hi = clamp(stop < 0 ? stop + length : stop, 0, length);
            while (i < hi) {
                out.add((int) i);
                i = i > Long.MAX_VALUE - step ? hi : i + step;
            }
        } else if (step < 0) {
            long i = clamp(start < 0 ? start + length : start, -1, length - 1);
            long lo = clamp(stop < 0 ? stop + length : stop, -1, length - 1);
            while (i > lo) {
                out.add((int) i);
                i = i < Long.MIN_VALUE - step ? lo : i + step;
            }
        } else {
            throw new IllegalArgumentException("step 0");
        }
        return out;
    }

    static byte[] refSlice(byte[] data, long start, long stop, long step) {
        List<Integer> at = refSliceIndices(data.length, start, stop, step);
        byte[] out = new byte[at.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = data[at.get(k)];
        }
        return out;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    // ------------------------------------------------------------ the CPython peer

    private static boolean hasPython3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code script} with python3 in {@code dir} and returns its output lines; skipped without python3. */
    static List<String> python(Path dir, String script, String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(hasPython3(), "python3 is not installed");
        Path py = Files.writeString(dir.resolve("peer.py"), script);
        Path out = dir.resolve("peer.out");
        Path err = dir.resolve("peer.err");
        List<String> command = new ArrayList<>(List.of("python3", py.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("python3 did not finish");
        }
        assertEquals(0, p.exitValue(), () -> "python3 failed: " + readQuietly(err));
        return Files.readAllLines(out, StandardCharsets.ISO_8859_1);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Fails listing the first differences if {@code actual} differs from {@code expected} anywhere. */
    static void assertSameAnswers(String what, List<String> cases, List<String> expected, List<String> actual) {
        assertEquals(cases.size(), expected.size(), what + ": one expected answer per case");
        assertEquals(cases.size(), actual.size(), what + ": one answer per case");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                diffs.add(cases.get(i) + " -> expected " + expected.get(i) + ", MappedFile " + actual.get(i));
            }
        }
        if (!diffs.isEmpty()) {
            fail(what + ": " + diffs.size() + " of " + cases.size() + " cases differ, first:\n  "
                    + String.join("\n  ", diffs.subList(0, Math.min(25, diffs.size()))));
        }
    }
}
