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
import java.util.List;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.assertSameAnswers;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.hex;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.python;
import static dev.ffmap.MappedFileFixtures.refSlice;
import static dev.ffmap.MappedFileFixtures.refSliceIndices;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code m[i]}, {@code m[i] = v}, {@code m[a:b:c]} and {@code m[a:b:c] = data}, checked against Python's rules and CPython. */
@EnabledOnOs(OS.LINUX)
class MappedFileIndexingTest {
    /** Thirteen different bytes, with a NUL, a newline and bytes above 0x7F. */
    private static final byte[] DATA = latin1("\0abc\ndef\u0080ghi\u00ff");
    private static final int N = DATA.length;

    @TempDir
    Path dir;

    private MappedFile openWrite() throws IOException {
        return MappedFile.open(file(dir, "data", DATA), Access.WRITE);
    }

    /** One slice: start and stop null for Python's None. */
    private record Slice(Long start, Long stop, long step) {
        long javaStart() {
            return start != null ? start : step > 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }

        long javaStop() {
            return stop != null ? stop : step > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }

        String python() {
            return (start == null ? "None" : start) + " " + (stop == null ? "None" : stop) + " " + step;
        }
    }

    /** All start/stop in [-n-1, n+1], the extremes and None; all steps in ±[1, n+1] and the extremes. */
    private static List<Slice> allSlices(int n) {
        List<Long> bounds = new ArrayList<>();
        for (long b = -n - 1; b <= n + 1; b++) {
            bounds.add(b);
        }
        bounds.addAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
        bounds.add(null);
        List<Long> steps = new ArrayList<>();
        for (long s = 1; s <= n + 1; s++) {
            steps.add(s);
            steps.add(-s);
        }
        steps.addAll(List.of(Long.MIN_VALUE, -Long.MAX_VALUE, Long.MAX_VALUE));
        List<Slice> out = new ArrayList<>();
        for (Long start : bounds) {
            for (Long stop : bounds) {
                for (long step : steps) {
                    out.add(new Slice(start, stop, step));
                }
            }
        }
        return out;
    }

    private static byte[] payload(int length) {
        byte[] p = new byte[length];
        for (int k = 0; k < length; k++) {
            p[k] = (byte) (0xA0 + k);
        }
        return p;
    }

    @Test
    void getCountsNegativeIndicesFromTheEndAndReturnsUnsignedBytes() throws IOException {
        try (MappedFile m = openWrite()) {
            for (long i = -N; i < N; i++) {
                assertEquals(DATA[(int) ((i + N) % N)] & 0xFF, m.get(i), "m[" + i + "]");
            }
            assertEquals(0xFF, m.get(-1));
            assertEquals(0x80, m.get(8));
        }
    }

    @Test
    void getOutsideTheMapThrowsIndexOutOfBounds() throws IOException {
        try (MappedFile m = openWrite()) {
            for (long i : new long[]{N, N + 1, -N - 1, -N - 2, Long.MIN_VALUE, Long.MAX_VALUE}) {
                assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> m.get(i));
            }
        }
    }

    @Test
    void setCountsNegativeIndicesFromTheEnd() throws IOException {
        try (MappedFile m = openWrite()) {
            for (long i = -N; i < 0; i++) {
                m.set(i, (int) (i + 100));
            }
            for (int i = 0; i < N; i++) {
                assertEquals(i - N + 100, m.get(i));
            }
            m.set(0, 255);
            m.set(1, 0);
            assertEquals(255, m.get(0));
            assertEquals(0, m.get(1));
        }
    }

    @Test
    void setOutsideTheMapThrowsIndexOutOfBoundsAndChangesNothing() throws IOException {
        try (MappedFile m = openWrite()) {
            for (long i : new long[]{N, -N - 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
                assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> m.set(i, 1));
            }
            assertArrayEquals(DATA, m.slice(0, N));
        }
    }

    @Test
    void setValueOutside0To255IsIllegalAndChangesNothing() throws IOException {
        try (MappedFile m = openWrite()) {
            for (int v : new int[]{-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE, -128}) {
                assertPyError(IllegalArgumentException.class, "mmap item value must be in range(0, 256)", () -> m.set(0, v));
            }
            assertArrayEquals(DATA, m.slice(0, N));
        }
    }

    @Test
    void setReportsClosedThenReadOnlyThenIndexThenValueAsPythonDoes() throws IOException {
        // CPython's mmap_ass_subscript checks CHECK_VALID, is_writable, the index, then the value (3.11 and 3.13 alike).
        Path f = file(dir, "data", DATA);
        MappedFile closed = MappedFile.open(f, Access.WRITE);
        closed.close();
        try (MappedFile read = MappedFile.open(f, Access.READ); MappedFile write = MappedFile.open(f, Access.WRITE)) {
            assertAll(
                    () -> assertPyError(IllegalStateException.class, "mmap closed or invalid", () -> closed.set(0, 256)),
                    () -> assertPyError(UnsupportedOperationException.class, "mmap can't modify a readonly memory map.",
                            () -> read.set(0, 256)),
                    () -> assertPyError(UnsupportedOperationException.class, "mmap can't modify a readonly memory map.",
                            () -> read.set(N, 1)),
                    () -> assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> write.set(N, 256)));
        }
    }

    @Test
    void slicesFollowPythonsRulesForAllBoundsAndSteps() throws IOException {
        try (MappedFile m = openWrite()) {
            List<String> cases = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (Slice s : allSlices(N)) {
                cases.add("m[" + s.python() + "]");
                expected.add(hex(refSlice(DATA, s.javaStart(), s.javaStop(), s.step())));
                actual.add(hex(m.slice(s.javaStart(), s.javaStop(), s.step())));
            }
            assertSameAnswers("slices against the reference", cases, expected, actual);
        }
    }

    @Test
    void sliceAssignmentsFollowPythonsRulesForAllBoundsAndSteps() throws IOException {
        try (MappedFile m = openWrite()) {
            List<String> cases = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (Slice s : allSlices(N)) {
                List<Integer> at = refSliceIndices(N, s.javaStart(), s.javaStop(), s.step());
                byte[] reference = DATA.clone();
                for (int k = 0; k < at.size(); k++) {
                    reference[at.get(k)] = payload(at.size())[k];
                }
                m.setSlice(Long.MIN_VALUE, Long.MAX_VALUE, DATA);
                m.setSlice(s.javaStart(), s.javaStop(), s.step(), payload(m.slice(s.javaStart(), s.javaStop(), s.step()).length));
                cases.add("m[" + s.python() + "] = payload");
                expected.add(hex(reference));
                actual.add(hex(m.slice(0, N)));
            }
            assertSameAnswers("slice assignments against the reference", cases, expected, actual);
        }
    }

    private static final String SLICE_PEER = """
            import mmap, sys
            path, cases = sys.argv[1], sys.argv[2]
            def val(s):
                return None if s == 'None' else int(s)
            with open(path, 'rb') as f:
                data = f.read()
            out = []
            with open(path, 'rb') as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m, mmap.mmap(-1, len(data)) as w:
                for line in open(cases):
                    op, a, b, c = line.split()
                    sl = slice(val(a), val(b), val(c))
                    if op == 'get':
                        out.append('x' + m[sl].hex())
                    else:
                        w[:] = data
                        n = len(w[sl])
                        w[sl] = bytes((0xA0 + k) % 256 for k in range(n))
                        out.append('x' + w[:].hex())
            sys.stdout.write(''.join(line + '\\n' for line in out))
            """;

    @Test
    void slicesAndSliceAssignmentsAnswerAsCPythonDoes() throws Exception {
        Path f = file(dir, "data", DATA);
        List<String> cases = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (MappedFile m = MappedFile.open(f, Access.READ); MappedFile w = MappedFile.anonymous(N)) {
            for (Slice s : allSlices(N)) {
                cases.add("get " + s.python());
                actual.add("x" + hex(m.slice(s.javaStart(), s.javaStop(), s.step())));
            }
            for (Slice s : allSlices(N)) {
                cases.add("set " + s.python());
                w.setSlice(Long.MIN_VALUE, Long.MAX_VALUE, DATA);
                w.setSlice(s.javaStart(), s.javaStop(), s.step(), payload(w.slice(s.javaStart(), s.javaStop(), s.step()).length));
                actual.add("x" + hex(w.slice(Long.MIN_VALUE, Long.MAX_VALUE)));
            }
        }
        Path caseFile = Files.write(dir.resolve("cases.txt"), cases);
        List<String> cpython = python(dir, SLICE_PEER, f.toString(), caseFile.toString());
        assertSameAnswers("slices against CPython's mmap", cases, cpython, actual);
    }

    @Test
    void twoArgumentSlicesHaveStepOne() throws IOException {
        try (MappedFile m = openWrite()) {
            for (long a = -N - 1; a <= N + 1; a++) {
                for (long b = -N - 1; b <= N + 1; b++) {
                    assertArrayEquals(m.slice(a, b, 1), m.slice(a, b), "m[" + a + ":" + b + "]");
                }
            }
            m.setSlice(-3, Long.MAX_VALUE, latin1("XYZ"));
            assertArrayEquals(latin1("XYZ"), m.slice(N - 3, N));
        }
    }

    @Test
    void stepZeroIsIllegalAndChangesNothing() throws IOException {
        try (MappedFile m = openWrite()) {
            assertPyError(IllegalArgumentException.class, "slice step cannot be zero", () -> m.slice(0, N, 0));
            assertPyError(IllegalArgumentException.class, "slice step cannot be zero", () -> m.setSlice(0, 0, 0, new byte[0]));
            assertPyError(IllegalArgumentException.class, "slice step cannot be zero", () -> m.setSlice(0, N, 0, new byte[N]));
            assertArrayEquals(DATA, m.slice(0, N));
        }
    }

    @Test
    void sliceAssignmentOfTheWrongSizeThrowsAndChangesNothing() throws IOException {
        try (MappedFile m = openWrite()) {
            for (Slice s : allSlices(N)) {
                int count = refSliceIndices(N, s.javaStart(), s.javaStop(), s.step()).size();
                for (int wrong : new int[]{count - 1, count + 1}) {
                    if (wrong < 0) {
                        continue;
                    }
                    assertPyError(IndexOutOfBoundsException.class, "mmap slice assignment is wrong size",
                            () -> m.setSlice(s.javaStart(), s.javaStop(), s.step(), payload(wrong)));
                }
            }
            assertArrayEquals(DATA, m.slice(0, N));
            assertEquals(0, m.tell());
        }
        assertArrayEquals(DATA, Files.readAllBytes(dir.resolve("data")));
    }

    @Test
    void setSliceRejectsNullData() throws IOException {
        try (MappedFile m = openWrite()) {
            assertThrows(NullPointerException.class, () -> m.setSlice(0, 1, null));
        }
    }
}
