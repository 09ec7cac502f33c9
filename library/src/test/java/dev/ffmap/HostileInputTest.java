package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile caller tries beyond truncation: odd files (a FIFO, /dev/zero, /proc), flags
 * that would map page 0, sizes that only a failed call can reach, and bad small arguments. Each
 * is refused with a clear error, or works, and a failed call leaves the file as it was.
 */
@EnabledOnOs(OS.LINUX)
class HostileInputTest {
    @TempDir
    Path dir;

    private Path fifo() throws IOException, InterruptedException {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo");
        return fifo;
    }

    @Test
    void aFifoIsRefusedAtOnceInsteadOfBlockingInOpen() throws Exception {
        Path fifo = fifo();
        long fds = Reliability.openFds();
        for (Executable call : new Executable[] {
                () -> Mapping.map(fifo, MapOptions.readOnly()),
                () -> Mapping.map(fifo, MapOptions.readWrite().withLength(4096)),
                () -> MappedFile.open(fifo, MappedFile.Access.READ),
                () -> MappedFile.open(fifo, MappedFile.Access.WRITE, 4096),
                () -> SharedMemory.open(fifo)}) {
            FileSystemException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(FileSystemException.class, call), "no writer ever opens the FIFO: open must not wait");
            assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains(fifo.toString()), e.getMessage());
        }
        assertEquals(fds, Reliability.openFds(), "no descriptor left open");
    }

    @Test
    void aDeviceMapsWithALengthAndIsRefusedWithoutOne() throws IOException {
        Path zero = Path.of("/dev/zero");
        try (Mapping m = Mapping.map(zero, MapOptions.copyOnWrite().withLength(8192))) {
            assertEquals(0L, m.segment().get(ValueLayout.JAVA_LONG, 4096));
            m.segment().set(ValueLayout.JAVA_LONG, 0, 42L);
            assertEquals(42L, m.segment().get(ValueLayout.JAVA_LONG, 0));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mapping.map(zero, MapOptions.readOnly()));
        assertTrue(e.getMessage().contains("character device") && e.getMessage().contains("give a length"), e.getMessage());
    }

    @Test
    void mapFixedNoreplaceWithoutAnAddressIsRefusedAtEveryEntryPoint() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[8192]);
        MapOptions noreplace = MapOptions.readOnly();
        assertThrows(IllegalArgumentException.class, () -> noreplace.plus(MapFlag.MAP_FIXED_NOREPLACE));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.open(f, MappedFile.options()
                .flags(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED_NOREPLACE)));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.anonymous(4096, MappedFile.options()
                .flags(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED_NOREPLACE)));
        try (SharedMemory shm = SharedMemory.anonymous("noreplace", 4096)) {
            assertThrows(IllegalArgumentException.class, () -> shm.map(new MapOptions(0, 4096,
                    Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED, MapFlag.MAP_FIXED_NOREPLACE), false)));
        }
        for (long low : new long[] {0, 4096, 65535}) {
            assertThrows(IllegalArgumentException.class, () -> Mman.mmap(MemorySegment.ofAddress(low), 4096,
                    Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_FIXED_NOREPLACE), -1, 0));
        }
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            assertTrue(maps.noneMatch(l -> l.startsWith("00000000-")), "nothing is mapped at page 0");
        }
    }

    /** A file in /dev/shm (tmpfs), where ftruncate to a petabyte succeeds and only the mmap after it fails. */
    private static Path tmpfsFile(String name, int size) throws IOException {
        Path f = Path.of("/dev/shm", "ffmap-hostile-" + ProcessHandle.current().pid() + "-" + name);
        Files.write(f, new byte[size]);
        return f;
    }

    @Test
    void aFailedGrowCutsTheFileBackToItsSize() throws IOException {
        Path f = tmpfsFile("grow", 100);
        try {
            for (long huge : new long[] {1L << 50, 1L << 62}) {
                assertThrows(MmapException.class, () -> Mapping.map(f, MapOptions.readWrite().withGrow(true).withLength(huge)));
                assertEquals(100, Files.size(f), "the file after a failed grow to " + huge);
            }
            try (Mapping m = Mapping.map(f, MapOptions.readWrite().withGrow(true).withLength(100))) {
                assertThrows(MmapException.class, () -> m.remap(1L << 50));
                assertEquals(100, Files.size(f), "the file after a failed remap");
                assertEquals(100, m.byteSize(), "the mapping after a failed remap");
                m.segment().set(ValueLayout.JAVA_BYTE, 99, (byte) 1); // and it still works
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void mlockOfATruncatedMappingSaysTheFileIsShorter() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[1 << 20]);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(0);
            }
            MmapException e = assertThrows(MmapException.class, m::lock);
            assertTrue(e.getMessage().contains("shorter than the mapping") && e.getMessage().contains("ENOMEM"), e.getMessage());
        }
    }

    @Test
    void badSmallArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ByteRing.bytesNeeded(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> ByteRing.bytesNeeded(-1));
        assertThrows(IllegalArgumentException.class, () -> ByteRing.bytesNeeded(0));
        assertEquals(Mman.pageSize() + 4096, ByteRing.bytesNeeded(4096));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedMemory.anonymous("a\0b", 4096));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("a\0b", 4096));
    }

    @Test
    void procFilesAndDirectoriesAreRefusedOrMappedButNeverHang() {
        Path maps = Path.of("/proc/self/maps");
        // /proc files are regular files of size 0 that mmap refuses: a clear error, not an empty map
        assertThrows(IllegalArgumentException.class, () -> Mapping.map(maps, MapOptions.readOnly()));
        assertThrows(IllegalArgumentException.class, () -> MappedFile.open(maps, MappedFile.Access.READ));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mapping.map(maps, MapOptions.readOnly().withLength(4096)));
        assertTrue(e.getMessage().contains("beyond the end of /proc/self/maps (size 0)"), e.getMessage());
        assertThrows(FileSystemException.class, () -> Mapping.map(dir, MapOptions.readOnly()));
        assertThrows(FileSystemException.class, () -> MappedFile.open(dir, MappedFile.Access.READ));
    }
}
