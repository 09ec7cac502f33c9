package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code m.resize(n)}: the map and the file take the new size, the shared bytes and the position stay. */
@EnabledOnOs(OS.LINUX)
class MappedFileResizeTest {
    private static final int SIZE = 5000;

    @TempDir
    Path dir;

    private Path patterned() throws IOException {
        return file(dir, "f", pattern(SIZE));
    }

    @Test
    void growingKeepsTheBytesZeroFillsTheRestAndGrowsTheFile() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(100);
            m.resize(3 * 4096 + 5);
            assertEquals(3 * 4096 + 5, m.length());
            assertEquals(3 * 4096 + 5, Files.size(f));
            assertEquals(3 * 4096 + 5, m.size());
            assertEquals(100, m.tell(), "the position is unchanged");
            assertArrayEquals(pattern(SIZE), m.slice(0, SIZE));
            assertArrayEquals(new byte[3 * 4096 + 5 - SIZE], m.slice(SIZE, Long.MAX_VALUE));
            m.set(-1, 0x77);
            m.seek(0, MappedFile.SEEK_END);
            assertEquals(3 * 4096 + 5, m.tell());
        }
        byte[] file = Files.readAllBytes(f);
        assertEquals(0x77, file[file.length - 1]);
        assertArrayEquals(pattern(SIZE), Arrays.copyOf(file, SIZE));
    }

    @Test
    void shrinkingKeepsTheBytesAndShrinksTheFile() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(1000);
            m.resize(1234);
            assertEquals(1234, m.length());
            assertEquals(1234, Files.size(f));
            assertEquals(1000, m.tell());
            assertArrayEquals(Arrays.copyOf(pattern(SIZE), 1234), m.slice(0, Long.MAX_VALUE));
            assertPyError(IndexOutOfBoundsException.class, "mmap index out of range", () -> m.get(1234));
            assertEquals(1233, m.rfind(new byte[]{pattern(SIZE)[1233]}), "rfind ends at the new end");
        }
        assertArrayEquals(Arrays.copyOf(pattern(SIZE), 1234), Files.readAllBytes(f));
    }

    @Test
    void theFileTakesOffsetPlusNewSizeAsInPython() throws IOException {
        Path f = file(dir, "f", pattern(20_000));
        try (MappedFile m = MappedFile.open(f, Access.WRITE, 500, 4100)) {
            m.resize(1000);
            assertEquals(4100 + 1000, Files.size(f), "bytes past offset + newSize are cut off, as in Python");
            assertArrayEquals(Arrays.copyOfRange(pattern(20_000), 4100, 5100), m.slice(0, 1000));
            m.resize(9000);
            assertEquals(4100 + 9000, Files.size(f));
            assertArrayEquals(Arrays.copyOfRange(pattern(20_000), 4100, 5100), m.slice(0, 1000));
            assertArrayEquals(new byte[8000], m.slice(1000, 9000));
            m.resize(200);
            assertEquals(4300, Files.size(f));
            assertEquals(4100, m.offset());
        }
        assertArrayEquals(Arrays.copyOf(pattern(20_000), 4300), Files.readAllBytes(f), "bytes before the offset are kept");
    }

    @Test
    void afterShrinkingBelowThePositionReadsAreEmptyAndWritesOutOfRange() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.seek(4000);
            m.resize(3000);
            assertEquals(4000, m.tell());
            // Python: remaining = pos < size ? size - pos : 0, so read(), read(n) and readline() give b"".
            assertAll(
                    () -> assertArrayEquals(new byte[0], m.read(), "read()"),
                    () -> assertArrayEquals(new byte[0], m.read(10), "read(10)"),
                    () -> assertArrayEquals(new byte[0], m.readLine(), "readLine()"),
                    () -> assertPyError(IllegalArgumentException.class, "read byte out of range", m::readByte),
                    () -> assertPyError(IllegalArgumentException.class, "data out of range", () -> m.write(new byte[0])),
                    () -> assertPyError(IllegalArgumentException.class, "write byte out of range", () -> m.writeByte(1)),
                    () -> assertPyError(IllegalArgumentException.class, "seek out of range", () -> m.seek(0, MappedFile.SEEK_CUR)),
                    () -> assertEquals(-1, m.find(latin1("x"))),
                    () -> assertEquals(3000, m.find(new byte[0]), "the default start clamps to the end"));
            assertEquals(4000, m.tell());
            assertEquals(2000, m.seek(-1000, MappedFile.SEEK_END));
        }
    }

    @Test
    void nonPositiveOrOverflowingSizesAreRefusedAndChangeNothing() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE, 100, 10)) {
            for (long bad : new long[]{-1, Long.MIN_VALUE}) {
                assertPyError(IllegalArgumentException.class, "new size out of range", () -> m.resize(bad));
            }
            assertPyError(IllegalArgumentException.class, "new size out of range", () -> m.resize(Long.MAX_VALUE - 5));
            assertThrows(IllegalArgumentException.class, () -> m.resize(0), "a map holds at least one byte");
            assertEquals(100, m.length());
        }
        assertArrayEquals(pattern(SIZE), Files.readAllBytes(f));
    }

    @Test
    void segmentsTakenBeforeAResizeDieAndNewOnesWork() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            MemorySegment before = m.segment();
            MemorySegment slice = before.asSlice(10, 10);
            CharSequence chars = m.asCharSequence();
            m.resize(8192);
            assertThrows(IllegalStateException.class, () -> before.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalStateException.class, () -> slice.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalStateException.class, () -> chars.charAt(0));
            assertEquals(8192, m.segment().byteSize());
            assertEquals(pattern(SIZE)[10], m.segment().get(ValueLayout.JAVA_BYTE, 10));
            assertEquals(8192, m.asCharSequence().length());
        }
    }

    @Test
    void defaultPrivateMapOfAReadWriteDescriptorResizesTheFileAndKeepsPrivateBytes() throws IOException {
        // Python: mmap.mmap(fd, 0, flags=MAP_PRIVATE) keeps ACCESS_DEFAULT, so resize() truncates the file and mremaps.
        Path f = patterned();
        int fd = Mman.open(f, java.util.Set.of(OpenFlag.O_RDWR), 0);
        try (MappedFile m = MappedFile.open(fd, MappedFile.options().flags(MapFlag.MAP_PRIVATE))) {
            assertEquals(Access.DEFAULT, m.access());
            m.set(0, 0xAA);
            m.resize(2 * 4096 + 1);
            assertEquals(2 * 4096 + 1, Files.size(f));
            assertEquals(0xAA, m.get(0), "the private page survives the remap");
            assertArrayEquals(Arrays.copyOfRange(pattern(SIZE), 1, SIZE), m.slice(1, SIZE));
        } finally {
            Mman.close(fd);
        }
        assertEquals(pattern(SIZE)[0], Files.readAllBytes(f)[0], "the private write never reached the file");
    }

    @Test
    void privateAnonymousMemoryGrowsAndShrinksKeepingItsBytes() throws IOException {
        try (MappedFile m = MappedFile.anonymous(4096, MappedFile.options().flags(MapFlag.MAP_PRIVATE))) {
            m.setSlice(4090, 4096, latin1("abcdef"));
            m.seek(4000);
            m.resize(5 * 4096);
            assertEquals(5 * 4096, m.length());
            assertEquals(4000, m.tell());
            assertArrayEquals(latin1("abcdef"), m.slice(4090, 4096));
            assertArrayEquals(new byte[4 * 4096], m.slice(4096, Long.MAX_VALUE));
            m.set(-1, 1);
            m.resize(4093);
            assertArrayEquals(latin1("abc"), m.slice(4090, Long.MAX_VALUE));
        }
    }

    @Test
    void sharedAnonymousMemoryShrinks() throws IOException {
        try (MappedFile m = MappedFile.anonymous(3 * 4096)) {
            m.set(100, 42);
            m.resize(4096);
            assertEquals(4096, m.length());
            assertEquals(42, m.get(100));
        }
    }

    @Test
    void sharedAnonymousMemoryRefusesToGrowAsInPython() throws IOException {
        // CPython 3.13 (gh-138204): "mmap: can't expand a shared anonymous mapping on Linux" (ValueError), because
        // the grown pages of a shared anonymous mremap are not backed (kernel bug 8691) and raise SIGBUS when touched.
        // Only the size is checked here: touching the grown pages could kill the JVM.
        try (MappedFile m = MappedFile.anonymous(4096)) {
            assertPyError(IllegalArgumentException.class, "mmap: can't expand a shared anonymous mapping on Linux",
                    () -> m.resize(2 * 4096));
            assertEquals(4096, m.length());
        }
    }
}
