package dev.ffmap;

import dev.ffmap.MappedFile.Access;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reserving blocks on a 1 MiB tmpfs: a grow past the free space is ENOSPC when the file grows,
 * not a SIGBUS at the first write into a hole later. Mounting needs root (as in CI); without it
 * the class is skipped and says why.
 */
@EnabledOnOs(OS.LINUX)
class ReserveTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;
    private Path small;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        small = Files.createDirectory(dir.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "cannot mount a 1 MiB tmpfs here (needs root): " + out);
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void mappingWithReserveTakesTheBlocksUpFrontAndFailsWithEnospcWhenTheyAreNotThere() throws IOException {
        FileStore store = Files.getFileStore(small);
        Path f = Files.createFile(small.resolve("f"));
        long free = store.getUnallocatedSpace();
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withLength(512 * 1024).withGrow(true).withReserve(true))) {
            assertEquals(512 * 1024, Files.size(f));
            assertTrue(free - store.getUnallocatedSpace() >= 512 * 1024, "the blocks are taken before any write");
            m.segment().fill((byte) 1);
        }
        long fds = MappedFileFixtures.openFds();
        Path g = Files.createFile(small.resolve("g"));
        MmapException e = assertThrows(MmapException.class,
                () -> Mapping.map(g, MapOptions.readWrite().withLength(4 * MIB).withGrow(true).withReserve(true)));
        assertEquals("ENOSPC", e.errnoName());
        assertTrue(e.getMessage().startsWith("posix_fallocate(fd="), e.getMessage());
        assertEquals(fds, MappedFileFixtures.openFds(), "no descriptor left behind");
        assertEquals(0, Files.size(g), "the file did not grow");
        // Without reserve the same grow succeeds sparsely: the first write past the free space would raise SIGBUS.
        try (Mapping sparse = Mapping.map(Files.createFile(small.resolve("h")), MapOptions.readWrite().withLength(4 * MIB).withGrow(true))) {
            assertEquals(4 * MIB, sparse.byteSize());
        }
    }

    @Test
    void reserveIsRefusedForMappingsWhoseWritesStayInMemory() throws IOException {
        Path f = Files.write(small.resolve("f"), new byte[4096]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mapping.map(f, MapOptions.copyOnWrite().withReserve(true)));
        assertTrue(e.getMessage().contains("withReserve(true)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mapping.map(f, MapOptions.readOnly().withReserve(true)));
    }

    @Test
    void mappedFileResizeWithReserveFailsWithEnospcAndChangesNothing() throws IOException {
        Path f = Files.write(small.resolve("f"), new byte[4096]);
        try (MappedFile m = MappedFile.open(f, MappedFile.options().access(Access.WRITE).reserve(true))) {
            m.set(0, 7);
            m.resize(256 * 1024);
            assertEquals(256 * 1024, Files.size(f));
            MmapException e = assertThrows(MmapException.class, () -> m.resize(4 * MIB));
            assertEquals("ENOSPC", e.errnoName());
            assertEquals(256 * 1024, m.length(), "the map keeps its length");
            assertEquals(256 * 1024, Files.size(f), "the file keeps its size");
            assertEquals(7, m.get(0));
            m.resize(8192);
            assertEquals(8192, Files.size(f), "shrinking still sets Python's size");
        }
    }
}
