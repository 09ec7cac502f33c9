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
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file-like half: read, readByte, readLine, write, writeByte, seek, tell, seekable. */
@EnabledOnOs(OS.LINUX)
class MappedFileIoTest {
    private static final int SIZE = 4096 + 300;

    @TempDir
    Path dir;

    private Path patterned() throws IOException {
        return file(dir, "f", pattern(SIZE));
    }

    @Test
    void readWithoutCountReturnsTheRestAndMovesToTheEnd() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            m.seek(4000);
            assertArrayEquals(Arrays.copyOfRange(pattern(SIZE), 4000, SIZE), m.read());
            assertEquals(SIZE, m.tell());
            assertArrayEquals(new byte[0], m.read());
            assertEquals(SIZE, m.tell());
        }
    }

    @Test
    void readCountIsCutAtTheEndAndNegativeMeansAll() throws IOException {
        byte[] data = pattern(SIZE);
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            assertArrayEquals(new byte[0], m.read(0));
            assertEquals(0, m.tell());
            assertArrayEquals(Arrays.copyOfRange(data, 0, 4097), m.read(4097));
            assertEquals(4097, m.tell());
            assertArrayEquals(Arrays.copyOfRange(data, 4097, SIZE), m.read(SIZE));
            assertEquals(SIZE, m.tell());
            for (long n : new long[]{-1, -2, Long.MIN_VALUE}) {
                m.seek(10);
                assertArrayEquals(Arrays.copyOfRange(data, 10, SIZE), m.read(n), "read(" + n + ")");
                assertEquals(SIZE, m.tell());
            }
            m.seek(SIZE - 1);
            assertArrayEquals(Arrays.copyOfRange(data, SIZE - 1, SIZE), m.read(Long.MAX_VALUE));
        }
    }

    @Test
    void readIntoFillsTheBufferFromThePositionAndMovesPastIt() throws IOException {
        byte[] data = pattern(10_000);
        try (MappedFile m = MappedFile.open(file(dir, "data", data), Access.READ)) {
            byte[] buf = new byte[4096];
            assertEquals(4096, m.readInto(buf));
            assertArrayEquals(Arrays.copyOfRange(data, 0, 4096), buf);
            assertEquals(4096, m.tell());
            assertEquals(100, m.readInto(buf, 10, 100));
            assertArrayEquals(Arrays.copyOfRange(data, 4096, 4196), Arrays.copyOfRange(buf, 10, 110));
            assertEquals(5804, m.readInto(new byte[8000]), "cut at the end");
            assertEquals(10_000, m.tell());
            assertEquals(0, m.readInto(buf), "nothing at the end");
            assertThrows(IndexOutOfBoundsException.class, () -> m.readInto(buf, 4000, 100));
            assertEquals(10_000, m.tell(), "a bad range moves nothing");
        }
    }

    @Test
    void readByteReturnsUnsignedValuesAndFailsAtTheEnd() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "b", new byte[]{0, 0x7F, (byte) 0x80, (byte) 0xFF}), Access.READ)) {
            assertEquals(0, m.readByte());
            assertEquals(0x7F, m.readByte());
            assertEquals(0x80, m.readByte());
            assertEquals(0xFF, m.readByte());
            assertEquals(4, m.tell());
            assertPyError(IllegalArgumentException.class, "read byte out of range", m::readByte);
            assertEquals(4, m.tell());
        }
    }

    @Test
    void readLineReturnsLinesWithTheirNewlineThenTheLastLineThenNothing() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "t", latin1("one\ntwo\n\n\0x\nlast")), Access.READ)) {
            assertArrayEquals(latin1("one\n"), m.readLine());
            assertEquals(4, m.tell());
            assertArrayEquals(latin1("two\n"), m.readLine());
            assertArrayEquals(latin1("\n"), m.readLine());
            assertArrayEquals(latin1("\0x\n"), m.readLine());
            assertArrayEquals(latin1("last"), m.readLine(), "the last line has no newline");
            assertEquals(m.length(), m.tell());
            assertArrayEquals(new byte[0], m.readLine(), "at the end");
            assertArrayEquals(new byte[0], m.readLine());
            assertEquals(m.length(), m.tell());
            m.seek(1);
            assertArrayEquals(latin1("ne\n"), m.readLine());
        }
    }

    @Test
    void readLineOfAFileEndingInANewlineEndsWithIt() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "t", latin1("a\nb\n")), Access.READ)) {
            assertArrayEquals(latin1("a\n"), m.readLine());
            assertArrayEquals(latin1("b\n"), m.readLine());
            assertArrayEquals(new byte[0], m.readLine());
        }
    }

    @Test
    void readLineFindsANewlineFarAway() throws IOException {
        byte[] data = new byte[3 * 4096];
        Arrays.fill(data, (byte) 'a');
        data[2 * 4096 + 5] = '\n';
        try (MappedFile m = MappedFile.open(file(dir, "t", data), Access.READ, 3 * 4096 - 7, 7)) {
            assertEquals(2 * 4096 + 5 - 7 + 1, m.readLine().length);
            assertEquals(4096 - 6, m.readLine().length);
        }
    }

    @Test
    void writeWritesAtThePositionAndReturnsTheCount() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(4094);
            assertEquals(5, m.write(latin1("hello")));
            assertEquals(4099, m.tell());
            assertEquals(0, m.write(new byte[0]));
            assertEquals(4099, m.tell());
            m.seek(SIZE - 3);
            assertEquals(3, m.write(latin1("end")), "a write may end exactly at the end");
            assertEquals(SIZE, m.tell());
            assertEquals(0, m.write(new byte[0]), "an empty write at the end");
        }
        byte[] file = Files.readAllBytes(f);
        assertArrayEquals(latin1("hello"), Arrays.copyOfRange(file, 4094, 4099));
        assertArrayEquals(latin1("end"), Arrays.copyOfRange(file, SIZE - 3, SIZE));
    }

    @Test
    void aWriteThatDoesNotFitWritesNothingAndKeepsThePosition() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(SIZE - 3);
            assertPyError(IllegalArgumentException.class, "data out of range", () -> m.write(latin1("four")));
            assertEquals(SIZE - 3, m.tell());
            m.seek(0);
            assertPyError(IllegalArgumentException.class, "data out of range", () -> m.write(new byte[SIZE + 1]));
            assertEquals(0, m.tell());
            m.seek(SIZE);
            assertPyError(IllegalArgumentException.class, "data out of range", () -> m.write(latin1("x")));
            assertEquals(SIZE, m.tell());
            assertThrows(NullPointerException.class, () -> m.write(null));
        }
        assertArrayEquals(pattern(SIZE), Files.readAllBytes(f));
    }

    @Test
    void writeByteWritesOneByteAndFailsAtTheEnd() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(SIZE - 2);
            m.writeByte(0);
            m.writeByte(255);
            assertEquals(SIZE, m.tell());
            assertPyError(IllegalArgumentException.class, "write byte out of range", () -> m.writeByte(1));
            assertEquals(SIZE, m.tell());
            m.seek(0);
            for (int v : new int[]{-1, 256, Integer.MIN_VALUE}) {
                assertThrows(IllegalArgumentException.class, () -> m.writeByte(v), "writeByte(" + v + ")");
            }
            assertEquals(0, m.tell());
            assertEquals(pattern(SIZE)[0] & 0xFF, m.get(0));
        }
        byte[] file = Files.readAllBytes(f);
        assertEquals(0, file[SIZE - 2]);
        assertEquals((byte) 255, file[SIZE - 1]);
    }

    @Test
    void seekMovesRelativeToStartCurrentOrEndAndReturnsThePosition() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            assertEquals(5, m.seek(5));
            assertEquals(5, m.tell());
            assertEquals(105, m.seek(100, MappedFile.SEEK_CUR));
            assertEquals(95, m.seek(-10, MappedFile.SEEK_CUR));
            assertEquals(SIZE - 3, m.seek(-3, MappedFile.SEEK_END));
            assertEquals(SIZE, m.seek(0, MappedFile.SEEK_END), "the end itself is a valid position");
            assertEquals(0, m.seek(-SIZE, MappedFile.SEEK_END));
            assertEquals(SIZE, m.seek(SIZE, MappedFile.SEEK_SET));
            assertEquals(0, m.seek(-SIZE, MappedFile.SEEK_CUR));
            assertEquals(pattern(SIZE)[0] & 0xFF, m.readByte());
        }
    }

    @Test
    void seekOutOfRangeFailsAndKeepsThePosition() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            m.seek(50);
            long[][] distWhence = {
                    {-1, MappedFile.SEEK_SET}, {SIZE + 1, MappedFile.SEEK_SET}, {Long.MIN_VALUE, MappedFile.SEEK_SET},
                    {Long.MAX_VALUE, MappedFile.SEEK_SET}, {-51, MappedFile.SEEK_CUR}, {SIZE - 49, MappedFile.SEEK_CUR},
                    {Long.MAX_VALUE, MappedFile.SEEK_CUR}, {Long.MIN_VALUE, MappedFile.SEEK_CUR}, {1, MappedFile.SEEK_END},
                    {-SIZE - 1, MappedFile.SEEK_END}, {Long.MAX_VALUE, MappedFile.SEEK_END}, {Long.MIN_VALUE, MappedFile.SEEK_END}};
            for (long[] dw : distWhence) {
                assertPyError(IllegalArgumentException.class, "seek out of range", () -> m.seek(dw[0], (int) dw[1]));
                assertEquals(50, m.tell(), "seek(" + dw[0] + ", " + dw[1] + ") kept the position");
            }
        }
    }

    @Test
    void unknownWhenceFailsAndKeepsThePosition() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ)) {
            m.seek(7);
            for (int whence : new int[]{3, -1, 4, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertPyError(IllegalArgumentException.class, "unknown seek type", () -> m.seek(0, whence));
                assertPyError(IllegalArgumentException.class, "unknown seek type", () -> m.seek(Long.MAX_VALUE, whence));
                assertEquals(7, m.tell());
            }
        }
    }

    @Test
    void aMapIsSeekableAndStartsAtPositionZero() throws IOException {
        try (MappedFile m = MappedFile.open(patterned(), Access.READ, 100, 4001)) {
            assertTrue(m.seekable());
            assertEquals(0, m.tell(), "the position is relative to the offset");
            assertEquals(pattern(SIZE)[4001] & 0xFF, m.readByte());
        }
    }

    @Test
    void readAndWriteShareThePosition() throws IOException {
        try (MappedFile m = MappedFile.open(file(dir, "t", latin1("aaaa\nbbbb\ncccc")), Access.WRITE)) {
            assertArrayEquals(latin1("aaaa\n"), m.readLine());
            m.write(latin1("BB"));
            assertArrayEquals(latin1("bb\n"), m.readLine());
            m.writeByte('C');
            assertArrayEquals(latin1("cc"), m.read(2));
            assertEquals('c', m.readByte());
            assertArrayEquals(latin1("aaaa\nBBbb\nCccc"), m.slice(0, m.length()));
        }
    }
}
