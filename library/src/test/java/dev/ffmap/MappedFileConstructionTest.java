package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.ffmap.MappedFileFixtures.assertPyError;
import static dev.ffmap.MappedFileFixtures.file;
import static dev.ffmap.MappedFileFixtures.openFds;
import static dev.ffmap.MappedFileFixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Opening by path, by descriptor and as anonymous memory; Python's argument checks; who owns the descriptor. */
@EnabledOnOs(OS.LINUX)
class MappedFileConstructionTest {
    private static final int SIZE = 3 * 4096 + 17;

    @TempDir
    Path dir;

    private Path patterned() throws IOException {
        return file(dir, "f", pattern(SIZE));
    }

    @Test
    void openByPathMapsTheWholeFile() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.READ)) {
            assertEquals(SIZE, m.length());
            assertEquals(0, m.offset());
            assertEquals(0, m.tell());
            assertEquals(SIZE, m.size());
            assertArrayEquals(pattern(SIZE), m.read());
        }
    }

    @Test
    void lengthAndOffsetSelectAWindowAtAnyOffsetAligned() throws IOException {
        Path f = patterned();
        byte[] all = pattern(SIZE);
        for (long off : new long[]{0, 1, 100, 4095, 4096, 4097, 5000, 2 * 4096 + 1}) {
            try (MappedFile m = MappedFile.open(f, Access.READ, 200, off)) {
                assertEquals(200, m.length(), "offset " + off);
                assertEquals(off, m.offset());
                assertArrayEquals(Arrays.copyOfRange(all, (int) off, (int) off + 200), m.slice(0, 200), "offset " + off);
                assertEquals(all[(int) off + 199] & 0xFF, m.get(-1));
            }
        }
    }

    @Test
    void lengthZeroMapsFromTheOffsetToTheEndOfTheFile() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.READ, 0, 5001)) {
            assertEquals(SIZE - 5001, m.length());
            assertArrayEquals(Arrays.copyOfRange(pattern(SIZE), 5001, SIZE), m.read());
        }
    }

    @Test
    void sizeIsTheFilesSizeNowNotTheMapsLength() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, Access.WRITE, 100, 4096);
             java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            assertEquals(100, m.length());
            assertEquals(SIZE, m.size());
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{1}), 2L * SIZE - 1);
            assertEquals(2L * SIZE, m.size());
            assertEquals(100, m.length());
        }
    }

    @Test
    void emptyFileCannotBeMappedAsInPython() throws IOException {
        Path f = file(dir, "empty", new byte[0]);
        assertPyError(IllegalArgumentException.class, "cannot mmap an empty file", () -> MappedFile.open(f, Access.READ));
    }

    @Test
    void offsetAtOrPastTheEndWithLengthZeroIsRefusedAsInPython() throws IOException {
        Path f = patterned();
        for (long off : new long[]{SIZE, SIZE + 1, Long.MAX_VALUE}) {
            assertPyError(IllegalArgumentException.class, "mmap offset is greater than file size",
                    () -> MappedFile.open(f, Access.READ, 0, off));
        }
    }

    @Test
    void lengthPastTheEndIsRefusedAsInPython() throws IOException {
        Path f = patterned();
        long[][] lengthOffset = {{SIZE + 1, 0}, {2, SIZE - 1}, {1, SIZE}, {1, SIZE + 1}, {Long.MAX_VALUE, 1}, {1, Long.MAX_VALUE}};
        for (long[] lo : lengthOffset) {
            assertPyError(IllegalArgumentException.class, "mmap length is greater than file size",
                    () -> MappedFile.open(f, Access.READ, lo[0], lo[1]));
        }
        try (MappedFile m = MappedFile.open(f, Access.READ, 1, SIZE - 1)) {
            assertEquals(pattern(SIZE)[SIZE - 1] & 0xFF, m.get(0));
        }
    }

    @Test
    void negativeLengthAndOffsetAreRefusedAsInPython() {
        assertPyError(IllegalArgumentException.class, "memory mapped length must be positive",
                () -> MappedFile.options().length(-1));
        assertPyError(IllegalArgumentException.class, "memory mapped offset must be positive",
                () -> MappedFile.options().offset(-1));
    }

    @Test
    void accessWithOtherProtOrFlagsIsAConflictAsInPython() throws IOException {
        Path f = patterned();
        MappedFile.Options[] conflicts = {
                MappedFile.options().access(Access.WRITE).flags(MapFlag.MAP_PRIVATE),
                MappedFile.options().access(Access.READ).prot(Prot.PROT_READ),
                MappedFile.options().access(Access.COPY).flags(MapFlag.MAP_SHARED, MapFlag.MAP_POPULATE),
                MappedFile.options().prot(Prot.PROT_READ).access(Access.WRITE),
        };
        for (MappedFile.Options o : conflicts) {
            assertPyError(IllegalArgumentException.class, "mmap can't specify both access and flags, prot",
                    () -> MappedFile.open(f, o));
        }
    }

    @Test
    void accessWithPythonsDefaultFlagsAndProtIsNoConflict() throws IOException {
        // mmap.mmap(fd, 0, flags=MAP_SHARED, prot=PROT_READ|PROT_WRITE, access=ACCESS_READ) works in CPython:
        // only flags other than MAP_SHARED or prot other than PROT_READ|PROT_WRITE conflict with access.
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, MappedFile.options().access(Access.READ).flags(MapFlag.MAP_SHARED)
                .prot(Prot.PROT_READ, Prot.PROT_WRITE))) {
            assertEquals(Access.READ, m.access());
        }
    }

    @Test
    void defaultAccessIsReadWriteSharedAndNarrowsToReadWithProtReadOnly() throws IOException {
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, MappedFile.options())) {
            assertEquals(Access.DEFAULT, m.access());
        }
        try (MappedFile m = MappedFile.open(f, MappedFile.options().prot(Prot.PROT_READ))) {
            assertEquals(Access.READ, m.access());
        }
    }

    @Test
    void missingFileAndDirectoryFailWithNioExceptions() throws IOException {
        assertThrows(NoSuchFileException.class, () -> MappedFile.open(dir.resolve("missing"), Access.READ));
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(FileSystemException.class, () -> MappedFile.open(sub, Access.READ));
    }

    @Test
    void anonymousMemoryIsZeroFilledAndHasNoFile() throws IOException {
        try (MappedFile m = MappedFile.anonymous(10_000)) {
            assertEquals(10_000, m.length());
            assertEquals(Access.DEFAULT, m.access());
            assertArrayEquals(new byte[10_000], m.read());
            m.set(9_999, 0xAB);
            assertEquals(0xAB, m.get(-1));
            MmapException e = assertThrows(MmapException.class, m::size);
            assertEquals("EBADF", e.errnoName());
        }
        try (MappedFile m = MappedFile.anonymous(4096, MappedFile.options().access(Access.COPY))) {
            assertEquals(Access.COPY, m.access());
            m.set(0, 1);
            assertEquals(1, m.get(0));
        }
    }

    @Test
    void anonymousMemoryRefusesNonPositiveLengthAndFileOptions() {
        assertThrows(IllegalArgumentException.class, () -> MappedFile.anonymous(0));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.anonymous(-1));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.anonymous(4096, MappedFile.options().length(4096)));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.anonymous(4096, MappedFile.options().offset(4096)));
    }

    @Test
    void openByFdLeavesTheCallersDescriptorOpenAfterClose() throws IOException {
        Path f = patterned();
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDWR), 0);
        try {
            try (MappedFile m = MappedFile.open(fd, MappedFile.options().length(100).offset(4097))) {
                assertEquals(pattern(SIZE)[4097] & 0xFF, m.get(0));
                assertEquals(SIZE, m.size());
                m.set(0, 0x5A);
            }
            assertEquals(SIZE, Mman.fileSize(fd), "the caller's descriptor is still open");
            assertEquals(0x5A, Files.readAllBytes(f)[4097]);
        } finally {
            Mman.close(fd);
        }
    }

    @Test
    void openByFdWithTrackFdFalseKeepsNoDescriptorSoSizeFailsWithEbadf() throws IOException {
        Path f = patterned();
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDWR), 0);
        MappedFile m;
        try {
            m = MappedFile.open(fd, MappedFile.options().trackFd(false));
            assertEquals(SIZE, Mman.fileSize(fd), "the map does not close the caller's descriptor");
        } finally {
            Mman.close(fd);
        }
        try (m) {
            assertEquals(pattern(SIZE)[5] & 0xFF, m.get(5), "the map works without any descriptor");
            MmapException e = assertThrows(MmapException.class, m::size);
            assertEquals("EBADF", e.errnoName());
        }
    }

    @Test
    void openByPathWithTrackFdFalseKeepsNoDescriptor() throws IOException {
        Path f = patterned();
        long before = openFds();
        try (MappedFile m = MappedFile.open(f, MappedFile.options().access(Access.WRITE).trackFd(false))) {
            assertEquals(before, openFds(), "no descriptor is kept");
            MmapException e = assertThrows(MmapException.class, m::size);
            assertEquals("EBADF", e.errnoName());
        }
    }

    @Test
    void resizeWithTrackFdFalseIsRefusedAsInPythonAndChangesNothing() throws IOException {
        // CPython 3.13 is_resizeable(): "mmap can't resize with trackfd=False." (ValueError), checked
        // before the access; test_mmap.test_trackfd_parameter expects ValueError for grow and shrink.
        Path f = patterned();
        try (MappedFile m = MappedFile.open(f, MappedFile.options().access(Access.WRITE).trackFd(false))) {
            assertPyError(IllegalArgumentException.class, "mmap can't resize with trackfd=False", () -> m.resize(2 * SIZE));
            assertPyError(IllegalArgumentException.class, "mmap can't resize with trackfd=False", () -> m.resize(SIZE / 2));
            assertEquals(SIZE, m.length());
            assertEquals(SIZE, Files.size(f));
        }
    }

    @Test
    void failedConstructionLeaksNoDescriptor() throws IOException {
        Path f = patterned();
        Path empty = file(dir, "empty", new byte[0]);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        int readOnly = Mman.open(f, Set.of(OpenFlag.O_RDONLY), 0);
        try {
            Map<String, Executable> failing = new LinkedHashMap<>();
            failing.put("empty file", () -> MappedFile.open(empty, Access.WRITE));
            failing.put("offset past end", () -> MappedFile.open(f, Access.WRITE, 0, SIZE));
            failing.put("length past end", () -> MappedFile.open(f, Access.WRITE, SIZE + 1, 0));
            failing.put("directory", () -> MappedFile.open(sub, Access.READ));
            failing.put("conflict", () -> MappedFile.open(f, MappedFile.options().access(Access.READ).flags(MapFlag.MAP_PRIVATE)));
            failing.put("fd: offset past end after dup", () -> MappedFile.open(readOnly, MappedFile.options().offset(SIZE)));
            failing.put("fd: mmap EACCES after dup", () -> MappedFile.open(readOnly, MappedFile.options().access(Access.WRITE)));
            failing.put("fd: EBADF", () -> MappedFile.open(1_000_000, MappedFile.options()));
            for (int round = 0; round < 3; round++) { // the first round may load classes that open files
                long before = openFds();
                for (Map.Entry<String, Executable> e : failing.entrySet()) {
                    for (int i = 0; i < 10; i++) {
                        assertThrows(Exception.class, e.getValue(), e.getKey());
                    }
                }
                if (round > 0) {
                    assertEquals(before, openFds(), "descriptors after 10 failures of each kind");
                }
            }
            MmapException eacces = assertThrows(MmapException.class,
                    () -> MappedFile.open(readOnly, MappedFile.options().access(Access.WRITE)));
            assertEquals("EACCES", eacces.errnoName());
            assertEquals(SIZE, Mman.fileSize(readOnly), "the caller's descriptor survives a failed open");
        } finally {
            Mman.close(readOnly);
        }
    }

    @Test
    void closingEveryMapReturnsEveryDescriptor() throws IOException {
        Path f = patterned();
        MappedFile.open(f, Access.READ).close(); // load what the first open loads
        long before = openFds();
        for (int i = 0; i < 50; i++) {
            try (MappedFile m = MappedFile.open(f, Access.values()[i % 4], 10, i)) {
                m.get(0);
            }
        }
        assertEquals(before, openFds());
    }
}
