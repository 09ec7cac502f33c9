package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code m.flush(offset, size)} and {@code m.madvise(option, start, length)}: Python's range checks, then the kernel. */
@EnabledOnOs(OS.LINUX)
class MappedFileFlushAdviseTest {
    private static final int SIZE = 3 * 4096 + 100;

    @TempDir
    Path dir;

    private Path patterned() throws IOException {
        return file(dir, "f", pattern(SIZE));
    }

    @Test
    void flushWritesTheWholeMapBack() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.setSlice(0, SIZE, new byte[SIZE]);
            m.flush();
            assertArrayEquals(new byte[SIZE], Files.readAllBytes(f));
        }
    }

    @Test
    void flushRangesInsideTheMapAreAcceptedAtAnyAlignment() throws IOException {
        Path f = patterned();
        long[][] ranges = {{0, 0}, {SIZE, 0}, {0, SIZE}, {1, SIZE - 1}, {4097, 10}, {SIZE - 1, 1}, {4095, 2}};
        for (long off : new long[]{0, 100, 4097}) {
            try (MappedFile m = MappedFile.open(f, Access.WRITE, SIZE - off, off)) {
                for (long[] r : ranges) {
                    if (r[0] + r[1] <= m.length()) {
                        m.set(Math.min(r[0], m.length() - 1), 0x33);
                        m.flush(r[0], r[1]);
                    }
                }
            }
        }
        assertEquals(0x33, Files.readAllBytes(f)[4097 + 4097]);
    }

    @Test
    void flushValuesOutOfRangeAreRefusedAsInPython() throws IOException {
        Path f = patterned();
        long[][] bad = {{-1, 1}, {-1, 0}, {0, -1}, {0, SIZE + 1}, {SIZE + 1, 0}, {1, SIZE}, {SIZE, 1},
                {Long.MAX_VALUE, 1}, {1, Long.MAX_VALUE}, {Long.MIN_VALUE, 0}, {0, Long.MIN_VALUE}};
        for (Access a : new Access[]{Access.WRITE, Access.READ, Access.COPY}) {
            try (MappedFile m = MappedFile.open(f, a)) {
                for (long[] r : bad) {
                    assertPyError(IllegalArgumentException.class, "flush values out of range", () -> m.flush(r[0], r[1]));
                }
                m.flush(0, SIZE); // in range: done for WRITE, nothing to do for READ and COPY
            }
        }
    }

    @Test
    void flushOfACopyMapWritesNothingBack() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.COPY)) {
            m.set(0, 0);
            m.flush();
            m.flush(0, 1);
        }
        assertArrayEquals(pattern(SIZE), Files.readAllBytes(f));
    }

    @Test
    void madviseAcceptsRangesInsideTheMapAndCutsLongLengthsToTheEnd() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ, SIZE - 100, 100)) {
            long len = m.length();
            m.madvise(Advice.MADV_NORMAL);
            m.madvise(Advice.MADV_SEQUENTIAL, len - 1);
            m.madvise(Advice.MADV_WILLNEED, 1, 10);
            m.madvise(Advice.MADV_RANDOM, 4097, 100 * len);
            m.madvise(Advice.MADV_NORMAL, 0, Long.MAX_VALUE);
            m.madvise(Advice.MADV_NORMAL, len - 1, 0);
            assertArrayEquals(Arrays.copyOfRange(pattern(SIZE), 100, SIZE), m.slice(0, len), "advice changes no byte");
        }
    }

    @Test
    void madviseStartOutOfBoundsIsRefusedAsInPython() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            for (long start : new long[]{-1, SIZE, SIZE + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
                assertPyError(IllegalArgumentException.class, "madvise start out of bounds",
                        () -> m.madvise(Advice.MADV_NORMAL, start, 1));
                assertPyError(IllegalArgumentException.class, "madvise start out of bounds",
                        () -> m.madvise(Advice.MADV_NORMAL, start));
            }
        }
    }

    @Test
    void madviseNegativeLengthIsInvalidAsInPython() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            for (long length : new long[]{-1, Long.MIN_VALUE}) {
                assertPyError(IllegalArgumentException.class, "madvise length invalid",
                        () -> m.madvise(Advice.MADV_NORMAL, 0, length));
            }
        }
    }

    @Test
    void madviseLengthOverflowingPastStartIsTooLargeAsInPython() throws IOException {
        // CPython: if (PY_SSIZE_T_MAX - start < length) OverflowError("madvise length too large"); 3.11 does the same.
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            assertPyError(IllegalArgumentException.class, "madvise length too large",
                    () -> m.madvise(Advice.MADV_NORMAL, 1, Long.MAX_VALUE));
            assertPyError(IllegalArgumentException.class, "madvise length too large",
                    () -> m.madvise(Advice.MADV_NORMAL, SIZE - 1, Long.MAX_VALUE - SIZE + 2));
        }
    }

    @Test
    void dontNeedWithAnUnalignedStartFailsWithEinvalAndChangesNothing() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.COPY)) {
            m.set(4096 + 1, 0);
            MmapException e = assertThrows(MmapException.class, () -> m.madvise(Advice.MADV_DONTNEED, 4096 + 1, 100));
            assertEquals("EINVAL", e.errnoName());
            assertEquals(0, m.get(4096 + 1), "the private write is still there");
        }
        try (MappedFile m = MappedFile.open(f, Access.WRITE, 4096, 100)) {
            MmapException e = assertThrows(MmapException.class, () -> m.madvise(Advice.MADV_DONTNEED, 0, 10));
            assertEquals("EINVAL", e.errnoName(), "start 0 of a map at file offset 100 is not page-aligned");
        }
    }

    @Test
    void dontNeedOnACopyMapDropsPrivateWritesOfExactlyTheRange() throws IOException {
        Path f = patterned();
        byte[] original = pattern(SIZE);
        try (MappedFile m = MappedFile.open(f, Access.COPY)) {
            m.setSlice(0, SIZE, new byte[SIZE]);
            m.madvise(Advice.MADV_DONTNEED, 4096, 4096);
            assertArrayEquals(new byte[4096], m.slice(0, 4096), "before the range: still private");
            assertArrayEquals(Arrays.copyOfRange(original, 4096, 8192), m.slice(4096, 8192), "the range: the file again");
            assertArrayEquals(new byte[SIZE - 8192], m.slice(8192, SIZE), "after the range: still private");
            m.madvise(Advice.MADV_DONTNEED, 8192, 10 * SIZE); // the length is cut to the end
            assertArrayEquals(Arrays.copyOfRange(original, 8192, SIZE), m.slice(8192, SIZE));
        }
        assertArrayEquals(original, Files.readAllBytes(f));
    }
}
