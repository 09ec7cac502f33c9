package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.latin1;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** READ refuses every write, WRITE writes through to the file, COPY keeps its writes to itself. */
@EnabledOnOs(OS.LINUX)
class MappedFileAccessTest {
    private static final int SIZE = 2 * 4096 + 100;

    @TempDir
    Path dir;

    private Path patterned() throws IOException {
        return file(dir, "f", pattern(SIZE));
    }

    /** Every method that writes or resizes, each with arguments that would be valid on a writable map. */
    private static Map<String, Executable> writers(MappedFile m) {
        Map<String, Executable> w = new LinkedHashMap<>();
        w.put("write", () -> m.write(latin1("xyz")));
        w.put("set", () -> m.set(1, 0x42));
        w.put("setSlice", () -> m.setSlice(0, 3, latin1("xyz")));
        w.put("setSlice step", () -> m.setSlice(0, 6, 2, latin1("xyz")));
        w.put("writeByte", () -> m.writeByte(0x42));
        w.put("move", () -> m.move(0, 10, 20));
        w.put("resize grow", () -> m.resize(2L * SIZE));
        w.put("resize shrink", () -> m.resize(SIZE / 2));
        return w;
    }

    private void assertEveryWriteIsRefusedAndChangesNothing(MappedFile m, Path f) throws IOException {
        byte[] before = Files.readAllBytes(f);
        m.seek(5);
        for (Map.Entry<String, Executable> e : writers(m).entrySet()) {
            String message = e.getKey().startsWith("resize")
                    ? "mmap can't resize a readonly or copy-on-write memory map."
                    : "mmap can't modify a readonly memory map.";
            assertPyError(UnsupportedOperationException.class, message, e.getValue());
            assertEquals(5, m.tell(), e.getKey() + " left the position");
            assertEquals(SIZE, m.length(), e.getKey() + " left the length");
            assertArrayEquals(before, m.slice(Long.MIN_VALUE, Long.MAX_VALUE), e.getKey() + " left the bytes");
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(SIZE, Files.size(f));
    }

    @Test
    void readRefusesEveryWriteAndChangesNothing() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            assertEveryWriteIsRefusedAndChangesNothing(m, f);
            assertTrue(m.segment().isReadOnly());
        }
    }

    @Test
    void defaultWithProtReadOnlyBehavesAsRead() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, MappedFile.options().prot(Prot.PROT_READ))) {
            assertEquals(Access.READ, m.access());
            assertEveryWriteIsRefusedAndChangesNothing(m, f);
        }
    }

    @Test
    void readStillReadsEverything() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            assertArrayEquals(pattern(SIZE), m.read());
            m.flush(); // nothing to write back; Python returns None
        }
    }

    @Test
    void writeWritesReachTheFileAfterFlush() throws IOException {
        Path f = patterned();
        byte[] expected = pattern(SIZE);
        try (MappedFile m = MappedFile.open(f, Access.WRITE)) {
            m.setSlice(4090, 4100, latin1("0123456789"));
            m.set(-1, 0xEE);
            m.seek(100);
            m.write(latin1("hello"));
            m.writeByte(0x21);
            m.move(0, 4090, 10);
            m.flush();
            System.arraycopy(latin1("0123456789"), 0, expected, 4090, 10);
            expected[SIZE - 1] = (byte) 0xEE;
            System.arraycopy(latin1("hello!"), 0, expected, 100, 6);
            System.arraycopy(latin1("0123456789"), 0, expected, 0, 10);
            assertArrayEquals(expected, Files.readAllBytes(f), "after flush, the map still open");
            m.set(1, 0x11);
        }
        expected[1] = 0x11;
        assertArrayEquals(expected, Files.readAllBytes(f), "after close");
    }

    @Test
    void defaultAccessWritesThroughLikeWrite() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, MappedFile.options())) {
            m.set(7, 0x99);
        }
        assertEquals((byte) 0x99, Files.readAllBytes(f)[7]);
    }

    @Test
    void writeMapSeesWhatOthersWriteToTheFile() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE);
             FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(latin1("seen")), 4094);
            assertArrayEquals(latin1("seen"), m.slice(4094, 4098));
        }
    }

    @Test
    void copyWritesNeverReachTheFile() throws IOException {
        Path f = patterned();
        byte[] original = pattern(SIZE);
        try (MappedFile m = MappedFile.open(f, Access.COPY)) {
            m.setSlice(0, 4, latin1("copy"));
            m.set(-1, 0);
            m.seek(4096);
            m.write(latin1("private"));
            m.move(10, 4096, 7);
            m.flush(); // nothing to write back for COPY; Python returns None
            assertArrayEquals(latin1("copy"), m.slice(0, 4), "the map sees its own writes");
            assertArrayEquals(latin1("private"), m.slice(10, 17));
            assertArrayEquals(original, Files.readAllBytes(f), "the file does not, while the map is open");
        }
        assertArrayEquals(original, Files.readAllBytes(f), "nor after close");
    }

    @Test
    void copyWritesAreInvisibleToASecondMapOfTheFile() throws IOException {
        Path f = patterned();
        try (MappedFile copy = MappedFile.open(f, Access.COPY);
             MappedFile other = MappedFile.open(f, Access.READ);
             MappedFile otherCopy = MappedFile.open(f, Access.COPY)) {
            copy.setSlice(4000, 4200, new byte[200]);
            assertArrayEquals(new byte[200], copy.slice(4000, 4200));
            byte[] expected = java.util.Arrays.copyOfRange(pattern(SIZE), 4000, 4200);
            assertArrayEquals(expected, other.slice(4000, 4200));
            assertArrayEquals(expected, otherCopy.slice(4000, 4200));
        }
    }

    @Test
    void copyOfAReadOnlyDescriptorCanBeWrittenInMemory() throws IOException {
        Path f = patterned();
        int fd = Mman.open(f, java.util.Set.of(OpenFlag.O_RDONLY), 0);
        try (MappedFile m = MappedFile.open(fd, MappedFile.options().access(Access.COPY))) {
            m.set(0, 0);
            assertEquals(0, m.get(0));
        } finally {
            Mman.close(fd);
        }
        assertArrayEquals(pattern(SIZE), Files.readAllBytes(f));
    }

    @Test
    void copyCannotResize() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.COPY)) {
            m.set(0, 1);
            for (long newSize : new long[]{SIZE + 1, 2L * SIZE, SIZE - 1, 1}) {
                assertPyError(UnsupportedOperationException.class,
                        "mmap can't resize a readonly or copy-on-write memory map.", () -> m.resize(newSize));
            }
            assertEquals(SIZE, m.length());
            assertEquals(1, m.get(0));
        }
        assertEquals(SIZE, Files.size(f));
        assertArrayEquals(pattern(SIZE), Files.readAllBytes(f));
    }
}
