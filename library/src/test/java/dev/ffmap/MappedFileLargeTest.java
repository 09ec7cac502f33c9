package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A 5 GiB sparse file (no disk, deleted after): indices, slices, reads and searches that straddle
 * 2^31 and 2^32 come back intact, so no int arithmetic hides in the long paths.
 */
@EnabledOnOs(OS.LINUX)
class MappedFileLargeTest {
    private static final long SIZE = 5L << 30;
    private static final long[] LINES = {1L << 31, 1L << 32};
    /** Where each marker starts: 8 bytes before its line, so it straddles it. */
    private static final int BEFORE = 8;
    private static final byte[] END = latin1("END\n");

    @TempDir
    Path dir;
    private Path sparse;

    private static byte[] marker(long line) {
        return latin1("<" + Long.toHexString(line) + "|straddle>\n"); // 20 or 21 bytes, the line at index 8
    }

    @BeforeEach
    void createSparseFile() throws IOException {
        sparse = dir.resolve("sparse-5g");
        try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
            raf.setLength(SIZE);
            for (long line : LINES) {
                raf.seek(line - BEFORE);
                raf.write(marker(line));
            }
            raf.seek(SIZE - END.length);
            raf.write(END);
        }
    }

    @AfterEach
    void deleteSparseFile() throws IOException {
        Files.deleteIfExists(sparse);
    }

    /** The byte the file holds at {@code i}. */
    private static byte expectedAt(long i) {
        for (long line : LINES) {
            byte[] mk = marker(line);
            if (i >= line - BEFORE && i < line - BEFORE + mk.length) {
                return mk[(int) (i - line + BEFORE)];
            }
        }
        return i >= SIZE - END.length ? END[(int) (i - SIZE + END.length)] : 0;
    }

    /** The expected {@code m[start:stop:step]} for bounds already inside the file. */
    private static byte[] expectedSlice(long start, long stop, long step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.write(expectedAt(i));
        }
        return out.toByteArray();
    }

    @Test
    void getAtAndAroundTheLinesReturnsTheFilesBytes() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.READ)) {
            assertEquals(SIZE, m.length());
            for (long line : LINES) {
                for (long i = line - BEFORE - 1; i <= line + 13; i++) {
                    assertEquals(expectedAt(i) & 0xFF, m.get(i), "m[" + i + "]");
                    assertEquals(expectedAt(i) & 0xFF, m.get(i - SIZE), "m[" + (i - SIZE) + "]");
                }
            }
            assertEquals('\n', m.get(-1));
            assertEquals('E', m.get(SIZE - 4));
            assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> m.get(SIZE));
            assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> m.get(-SIZE - 1));
        }
    }

    @Test
    void slicesThatStraddleTheLinesComeBackIntact() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.READ)) {
            for (long line : LINES) {
                byte[] mk = marker(line);
                long from = line - BEFORE;
                assertArrayEquals(mk, m.slice(from, from + mk.length));
                assertArrayEquals(mk, m.slice(from - SIZE, from + mk.length - SIZE), "negative bounds");
                byte[] reversed = mk.clone();
                for (int i = 0; i < mk.length; i++) {
                    reversed[i] = mk[mk.length - 1 - i];
                }
                assertArrayEquals(reversed, m.slice(from + mk.length - 1, from - 1, -1));
                assertArrayEquals(expectedSlice(line - 40, line + 40, 3), m.slice(line - 40, line + 40, 3));
                assertArrayEquals(expectedSlice(line + 40, line - 40, -7), m.slice(line + 40, line - 40, -7));
            }
            assertArrayEquals(expectedSlice(0, SIZE, 1L << 31), m.slice(Long.MIN_VALUE, Long.MAX_VALUE, 1L << 31));
            assertArrayEquals(expectedSlice(SIZE - 1, -1, -(1L << 31) - 8),
                    m.slice(Long.MAX_VALUE, Long.MIN_VALUE, -(1L << 31) - 8));
            assertArrayEquals(END, m.slice(-4, Long.MAX_VALUE));
        }
    }

    @Test
    void readAndReadLineAcrossTheLinesComeBackIntact() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.READ)) {
            for (long line : LINES) {
                byte[] mk = marker(line);
                assertEquals(line - BEFORE, m.seek(line - BEFORE));
                assertArrayEquals(mk, m.read(mk.length));
                assertEquals(line - BEFORE + mk.length, m.tell());
                m.seek(line - 3);
                assertArrayEquals(Arrays.copyOfRange(mk, BEFORE - 3, mk.length), m.readLine());
                m.seek(line - 1);
                assertEquals(mk[BEFORE - 1] & 0xFF, m.readByte());
                assertEquals(mk[BEFORE] & 0xFF, m.readByte());
                assertEquals(line + 1, m.tell());
            }
            assertEquals(SIZE - 2, m.seek(-2, MappedFile.SEEK_END));
            assertArrayEquals(latin1("D\n"), m.read());
            assertEquals(SIZE, m.tell());
        }
    }

    @Test
    void findAndRfindAcrossTheLinesFindTheMarkers() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.READ)) {
            for (long line : LINES) {
                byte[] mk = marker(line);
                long at = line - BEFORE;
                assertEquals(at, m.find(mk, line - 100, line + 100));
                assertEquals(at, m.rfind(mk, line - 100, line + 100));
                assertEquals(-1, m.find(mk, at + 1, line + 100));
                assertEquals(-1, m.find(mk, line - 100, at + mk.length - 1), "the end cuts the marker");
                byte[] across = Arrays.copyOfRange(mk, 5, 12);
                assertEquals(at + 5, m.find(across, at - SIZE - 50, at + 100 - SIZE), "negative bounds");
                assertEquals(at + 5, m.rfind(across, at - 50, at + 100));
                m.seek(line - 4096);
                assertEquals(at, m.find(mk), "from the position");
            }
            assertEquals(SIZE - 4, m.rfind(END, SIZE - 100));
            assertEquals(SIZE - 4, m.find(END, -100));
        }
    }

    @Test
    void aWindowAtAnUnalignedOffsetPast4GibReadsTheRightBytes() throws IOException {
        long offset = (1L << 32) - 13;
        try (MappedFile m = MappedFile.open(sparse, Access.READ, 100, offset)) {
            assertEquals(offset, m.offset());
            assertArrayEquals(expectedSlice(offset, offset + 100, 1), m.slice(0, 100));
            assertEquals(13 - BEFORE, m.find(marker(1L << 32)));
        }
    }

    @Test
    void aSliceOrReadTooLargeForAByteArrayFailsAndKeepsThePosition() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.READ)) {
            m.seek(1);
            assertThrows(IllegalArgumentException.class, () -> m.slice(0, SIZE));
            assertThrows(IllegalArgumentException.class, () -> m.read());
            assertThrows(IllegalArgumentException.class, () -> m.read(Integer.MAX_VALUE));
            assertEquals(1, m.tell());
            assertEquals(3, m.slice(0, SIZE, 1L << 31).length, "a slice with few elements is fine");
        }
    }

    @Test
    void writesAcrossTheLinesReachTheFile() throws IOException {
        try (MappedFile m = MappedFile.open(sparse, Access.WRITE)) {
            for (long line : LINES) {
                m.setSlice(line - 2, line + 2, latin1("ABCD"));
                m.seek(line + 2);
                m.write(latin1("ef"));
                m.move(line + 10, line - 2, 6);
                m.flush(line - 4096, 8192);
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "r")) {
            for (long line : LINES) {
                byte[] got = new byte[18];
                raf.seek(line - 2);
                raf.readFully(got);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.writeBytes(latin1("ABCDef"));
                expected.write(marker(line), 12, 6); // line + 4 .. line + 10, untouched
                expected.writeBytes(latin1("ABCDef"));
                assertArrayEquals(expected.toByteArray(), got, "line " + line);
            }
        }
    }
}
