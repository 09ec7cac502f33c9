package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.ffmap.MappedFileFixtures.PY_TEXT;
import static dev.ffmap.MappedFileFixtures.assertSameAnswers;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.hex;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.python;
import static dev.ffmap.MappedFileFixtures.refFind;
import static dev.ffmap.MappedFileFixtures.refRfind;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code m.find}/{@code m.rfind}: ranges as in Python, answers as CPython's, no read outside the map. */
@EnabledOnOs(OS.LINUX)
class MappedFileFindTest {
    @TempDir
    Path dir;

    /** One search: op 'f' or 'r'; start and end null when not passed (then the position is the start). */
    private record Search(char op, long pos, byte[] sub, Long start, Long end) {
        long ask(MappedFile m) {
            m.seek(pos);
            boolean f = op == 'f';
            if (start == null) {
                return f ? m.find(sub) : m.rfind(sub);
            }
            if (end == null) {
                return f ? m.find(sub, start) : m.rfind(sub, start);
            }
            return f ? m.find(sub, start, end) : m.rfind(sub, start, end);
        }

        long reference(byte[] hay) {
            long s = start == null ? pos : start;
            long e = end == null ? Long.MAX_VALUE : end;
            return op == 'f' ? refFind(hay, sub, s, e) : refRfind(hay, sub, s, e);
        }

        String line() {
            return op + " " + pos + " x" + hex(sub) + " " + (start == null ? "-" : start) + " " + (end == null ? "-" : end);
        }
    }

    /** Every substring of the text (the empty one too) and a few that are not in it. */
    private static List<byte[]> needles(byte[] text) {
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i <= text.length; i++) {
            for (int j = i; j <= text.length; j++) {
                byte[] sub = Arrays.copyOfRange(text, i, j);
                if (seen.add(hex(sub))) {
                    out.add(sub);
                }
            }
        }
        out.addAll(List.of(latin1("\0\0\0"), latin1("zz"), latin1("xyz\0"), latin1("ab\0ab\0\0abc\nxyz!"), latin1("\nxy\0")));
        return out;
    }

    /** find/rfind with no range (at every position), with a start only, and with every start/end pair. */
    private static List<Search> searches(byte[] text) {
        int n = text.length;
        List<Long> bounds = new ArrayList<>();
        for (long b = -n - 1; b <= n + 1; b++) {
            bounds.add(b);
        }
        bounds.addAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
        List<Search> out = new ArrayList<>();
        for (byte[] sub : needles(text)) {
            for (char op : new char[]{'f', 'r'}) {
                for (long pos = 0; pos <= n; pos++) {
                    out.add(new Search(op, pos, sub, null, null));
                }
                for (long start : bounds) {
                    out.add(new Search(op, 3, sub, start, null));
                    for (long end : bounds) {
                        out.add(new Search(op, 0, sub, start, end));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void findAndRfindFollowPythonsRulesForAllNeedlesAndRanges() throws IOException {
        Path f = file(dir, "text", PY_TEXT);
        List<String> cases = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            for (Search s : searches(PY_TEXT)) {
                cases.add(s.line());
                expected.add(Long.toString(s.reference(PY_TEXT)));
                actual.add(Long.toString(s.ask(m)));
            }
        }
        assertSameAnswers("find/rfind against the reference", cases, expected, actual);
    }

    private static final String FIND_PEER = """
            import mmap, sys
            path, cases = sys.argv[1], sys.argv[2]
            out = []
            with open(path, 'rb') as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
                for line in open(cases):
                    op, pos, sub, start, end = line.split()
                    m.seek(int(pos))
                    fn = m.find if op == 'f' else m.rfind
                    sub = bytes.fromhex(sub[1:])
                    if start == '-':
                        r = fn(sub)
                    elif end == '-':
                        r = fn(sub, int(start))
                    else:
                        r = fn(sub, int(start), int(end))
                    out.append(str(r))
            sys.stdout.write(''.join(line + '\\n' for line in out))
            """;

    @Test
    void findAndRfindAnswerAsCPythonDoes() throws Exception {
        Path f = file(dir, "text", PY_TEXT);
        List<String> cases = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            for (Search s : searches(PY_TEXT)) {
                cases.add(s.line());
                actual.add(Long.toString(s.ask(m)));
            }
        }
        Path caseFile = Files.write(dir.resolve("cases.txt"), cases);
        List<String> cpython = python(dir, FIND_PEER, f.toString(), caseFile.toString());
        assertSameAnswers("find/rfind against CPython's mmap", cases, cpython, actual);
    }

    @Test
    void randomHaystacksNeedlesAndRangesAgreeWithTheReference() throws IOException {
        Random random = new Random(20240613);
        byte[] alphabet = latin1("ab\0\n");
        for (int round = 0; round < 60; round++) {
            byte[] hay = new byte[1 + random.nextInt(600)];
            int letters = 1 + random.nextInt(alphabet.length);
            for (int i = 0; i < hay.length; i++) {
                hay[i] = alphabet[random.nextInt(letters)];
            }
            Path f = file(dir, "hay" + round, hay);
            try (MappedFile m = MappedFile.open(f, Access.READ)) {
                for (int q = 0; q < 400; q++) {
                    int len = random.nextInt(Math.min(hay.length, 24) + 1);
                    int at = random.nextInt(hay.length - len + 1);
                    byte[] sub = random.nextInt(4) == 0 ? randomBytes(random, alphabet, len, letters)
                            : Arrays.copyOfRange(hay, at, at + len);
                    long start = random.nextInt(hay.length + 20) - 10;
                    long end = random.nextInt(hay.length + 20) - 10;
                    String what = "round " + round + " sub " + hex(sub) + " [" + start + ", " + end + ")";
                    assertEquals(refFind(hay, sub, start, end), m.find(sub, start, end), "find " + what);
                    assertEquals(refRfind(hay, sub, start, end), m.rfind(sub, start, end), "rfind " + what);
                }
            }
        }
    }

    private static byte[] randomBytes(Random random, byte[] alphabet, int len, int letters) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = alphabet[random.nextInt(letters)];
        }
        return b;
    }

    @Test
    void findStartsAtThePositionByDefaultAndLeavesItThere() throws IOException {
        Path f = file(dir, "text", latin1("needle..needle..needle"));
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            byte[] needle = latin1("needle");
            assertEquals(0, m.find(needle));
            m.seek(1);
            assertEquals(8, m.find(needle));
            assertEquals(1, m.tell(), "find does not move the position");
            assertEquals(16, m.rfind(needle));
            m.seek(17);
            assertEquals(-1, m.find(needle));
            assertEquals(-1, m.rfind(needle), "rfind by default also starts at the position");
            assertEquals(16, m.find(needle, 10));
            assertEquals(16, m.rfind(needle, -6));
            assertEquals(-1, m.rfind(needle, -5));
        }
    }

    @Test
    void invertedAndEmptyRangesFindNothingButAnEmptyNeedleInAValidRange() throws IOException {
        Path f = file(dir, "text", latin1("abcabcabc"));
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            assertEquals(-1, m.find(latin1("abc"), 6, 3));
            assertEquals(-1, m.rfind(latin1("abc"), 6, 3));
            assertEquals(-1, m.find(new byte[0], 6, 3));
            assertEquals(-1, m.rfind(new byte[0], -1, -2));
            assertEquals(3, m.find(new byte[0], 3, 6));
            assertEquals(6, m.rfind(new byte[0], 3, 6));
            assertEquals(9, m.find(new byte[0], 100));
            assertEquals(9, m.rfind(new byte[0], 100));
            assertEquals(-1, m.find(latin1("abc"), 4, 6), "a match must lie entirely inside the range");
            assertEquals(3, m.find(latin1("abc"), -6, -3));
            assertEquals(0, m.find(latin1("abc"), Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void needlesAtTheVeryEndOfTheMappingAreFound() throws IOException {
        for (int size : new int[]{4096, 8192 + 7, 64}) {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) 'x');
            byte[] tail = latin1("<-the-very-last-bytes-of-the-map");
            System.arraycopy(tail, 0, data, size - tail.length, tail.length);
            Path f = file(dir, "end" + size, data);
            try (MappedFile m = MappedFile.open(f, Access.READ)) {
                for (int len = 1; len <= tail.length; len++) {
                    byte[] sub = Arrays.copyOfRange(tail, tail.length - len, tail.length);
                    long at = size - len;
                    assertEquals(refFind(data, sub, 0, size), m.find(sub, 0), "size " + size + ", " + len + " bytes");
                    assertEquals(at, m.rfind(sub, 0), "size " + size + ", " + len + " bytes");
                    assertEquals(at, m.find(sub, at));
                    assertEquals(-1, m.find(sub, at + 1));
                    assertEquals(-1, m.find(sub, 0, size - 1), "one byte short of the end");
                    assertEquals(-1, m.rfind(sub, 0, size - 1), "one byte short of the end");
                }
                assertEquals(-1, m.find(latin1("bytes-of-the-map!")));
            }
        }
    }

    @Test
    void aNeedleContinuingPastTheMappedWindowIsNotFound() throws IOException {
        byte[] data = new byte[3 * 4096];
        Arrays.fill(data, (byte) '.');
        byte[] needle = latin1("NEEDLE-THAT-CROSSES-THE-EDGE");
        int at = 2 * 4096 - 10; // the first window ends inside it, the second starts inside it
        System.arraycopy(needle, 0, data, at, needle.length);
        Path f = file(dir, "big", data);
        long[][] windows = {{0, 2 * 4096}, {100, 2 * 4096 - 100}, {4097, 4096 - 1 - 5}, {at + 1, 4096}, {at + 10, 500}};
        for (long[] w : windows) {
            try (MappedFile m = MappedFile.open(f, Access.READ, w[1], w[0])) {
                String what = "window [" + w[0] + ", " + (w[0] + w[1]) + ")";
                for (int len : new int[]{2, 7, 8, 9, 16, needle.length}) {
                    byte[] sub = Arrays.copyOf(needle, len);
                    byte[] end = Arrays.copyOfRange(needle, needle.length - len, needle.length);
                    boolean headInside = w[0] <= at && at + len <= w[0] + w[1];
                    long head = headInside ? at - w[0] : -1;
                    assertEquals(head, m.find(sub, 0), what + ": head of " + len);
                    assertEquals(head, m.rfind(sub, 0), what + ": head of " + len);
                    boolean tailInside = w[0] <= at + needle.length - len && at + needle.length <= w[0] + w[1];
                    long tail = tailInside ? at + needle.length - len - w[0] : -1;
                    assertEquals(tail, m.find(end, 0), what + ": tail of " + len);
                    assertEquals(tail, m.rfind(end, 0), what + ": tail of " + len);
                }
            }
        }
    }
}
