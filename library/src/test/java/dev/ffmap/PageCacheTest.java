package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** posix_fadvise and the memlock limit: the calls ffmap's page-cache commands stand on. */
@EnabledOnOs(OS.LINUX)
class PageCacheTest {
    @TempDir
    Path dir;

    /** A file of {@code size} random bytes, written back to disk and then read, so its pages are cached and clean. */
    private Path cachedCleanFile(long size) throws IOException {
        assumeFalse(Files.getFileStore(dir).type().equals("tmpfs"), "tmpfs pages are the file: nothing to evict");
        Path f = dir.resolve("cached.bin");
        byte[] bytes = new byte[(int) size];
        new Random(7).nextBytes(bytes);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf.clear()) > 0) {
                // reading brings every page into the cache
            }
        }
        return f;
    }

    private static long resident(Path f) throws IOException {
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            return m.residency().residentPages();
        }
    }

    @Test
    void fadviseDontNeedEmptiesTheCacheOfAFileAndLeavesItsBytes() throws IOException {
        Path f = cachedCleanFile(4 << 20);
        byte[] before = Files.readAllBytes(f);
        assertEquals(1024, resident(f), "read file fully cached");
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            Mman.posix_fadvise(fd, 0, 0, FileAdvice.POSIX_FADV_DONTNEED);
        } finally {
            Mman.close(fd);
        }
        assertEquals(0, resident(f), "no page left in the cache");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)), "the file is unchanged");
    }

    /**
     * A range on 2 MiB lines: the kernel drops only whole folios, and with large folios (ext4 on
     * Linux 6.x) a 1 MiB range inside one was seen to drop nothing at all.
     */
    @Test
    void fadviseDontNeedOfARangeDropsOnlyThatRange() throws IOException {
        Path f = cachedCleanFile(4 << 20);
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            Mman.posix_fadvise(fd, 2 << 20, 2 << 20, FileAdvice.POSIX_FADV_DONTNEED);
        } finally {
            Mman.close(fd);
        }
        assertEquals(512, resident(f), "the first 2 MiB stay");
    }

    @Test
    void fadviseFailuresNameTheCallAndErrno() throws IOException {
        MmapException e = assertThrows(MmapException.class,
                () -> Mman.posix_fadvise(1 << 20, 0, 0, FileAdvice.POSIX_FADV_DONTNEED));
        assertEquals("EBADF", e.errnoName());
        assertTrue(e.getMessage().startsWith("posix_fadvise(fd=1048576, offset=0, len=0, POSIX_FADV_DONTNEED) failed: EBADF"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mman.posix_fadvise(0, -1, 0, FileAdvice.POSIX_FADV_NORMAL));
        assertThrows(IllegalArgumentException.class, () -> Mman.posix_fadvise(0, 0, -1, FileAdvice.POSIX_FADV_NORMAL));
    }

    @Test
    void memlockLimitIsTheSoftLimitTheKernelReports() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max locked memory")).findFirst().orElseThrow();
        String soft = line.substring("Max locked memory".length()).trim().split("\\s+")[0];
        OptionalLong limit = Mapping.memlockLimit();
        assertEquals(soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft), limit.orElseThrow(), line);
    }
}
