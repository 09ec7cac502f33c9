package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mappings and descriptors come back to where they started, on success and on every error path. */
@EnabledOnOs(OS.LINUX)
class LeakTest {
    @TempDir
    Path dir;

    private static long mapsLines() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.count();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static boolean mapped(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(l -> l.endsWith(file.toString()));
        }
    }

    @Test
    void tenThousandMapCloseCyclesLeaveMapsAndFdsWhereTheyStarted() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[8192]);
        for (int i = 0; i < 2000; i++) { // warm up: let the JIT and GC settle the JVM's own mappings first
            Mapping.map(f, MapOptions.readOnly()).close();
        }
        long maps = mapsLines();
        long fds = openFds();
        for (int i = 0; i < 10_000; i++) {
            try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(i % 8000).withLength(100))) {
                m.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) i);
            }
        }
        assertEquals(fds, openFds());
        // The JVM maps and unmaps memory of its own meanwhile (code cache, GC, thread stacks), so the
        // count may move by a few lines; one leaked mapping per cycle would add 10,000.
        long after = mapsLines();
        assertTrue(Math.abs(after - maps) <= 32, "maps lines before " + maps + ", after " + after);
        assertTrue(!mapped(f), "no mapping of the file is left");
    }

    @Test
    void sharedMemoryRingsAndTheirErrorPathsLeaveFdsMapsAndDevShmWhereTheyStarted() throws IOException {
        String name = "/" + SharedMemoryTest.PREFIX + "leak";
        long page = Mman.pageSize();
        for (int round = 0; round < 2; round++) { // the first round warms up, the second is measured
            long fds = openFds();
            long maps = mapsLines();
            for (int i = 0; i < 200; i++) {
                try (SharedMemory shm = SharedMemory.create(name, ByteRing.bytesNeeded(4 * page)).unlinkOnClose();
                     ByteRing ring = ByteRing.create(shm, 4 * page);
                     SharedMemory sealed = SharedMemory.anonymous("leak", page)) {
                    assertTrue(ring.offer(java.lang.foreign.MemorySegment.ofArray(new byte[100])));
                    assertThrows(MmapException.class, () -> SharedMemory.create(name, page));
                    sealed.seal(SealFlag.F_SEAL_WRITE);
                    assertThrows(MmapException.class, sealed::map);
                    assertThrows(MmapException.class, () -> MirroredMemory.map(sealed, 0, page));
                }
            }
            if (round == 1) {
                assertEquals(fds, openFds());
                long after = mapsLines();
                assertTrue(Math.abs(after - maps) <= 32, "maps lines before " + maps + ", after " + after);
            }
        }
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            assertEquals(java.util.List.of(), shm.filter(p -> p.getFileName().toString().startsWith(SharedMemoryTest.PREFIX)).toList());
        }
    }

    @Test
    void errorPathsCloseTheDescriptor() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path small = Files.write(dir.resolve("small"), new byte[10]);
        long fds = openFds();
        for (int i = 0; i < 1000; i++) {
            assertThrows(IllegalArgumentException.class, () -> Mapping.map(empty, MapOptions.readOnly()));
            assertThrows(IllegalArgumentException.class, () -> Mapping.map(small, MapOptions.readOnly().withLength(11)));
            assertThrows(java.nio.file.FileSystemException.class, () -> Mapping.map(dir, MapOptions.readOnly()));
            assertThrows(MmapException.class, () -> Mapping.map(small, MapOptions.readOnly().plus(MapFlag.MAP_HUGETLB)));
        }
        assertEquals(fds, openFds());
        assertTrue(!mapped(small));
    }

    @Test
    void anUnreachableMappingIsUnmappedByTheCleaner() throws Exception {
        Path f = Files.write(dir.resolve("forgotten"), new byte[4096]);
        mapAndDrop(f);
        assertTrue(mapped(f));
        for (int i = 0; i < 100 && mapped(f); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(!mapped(f), "the cleaner unmapped a mapping nobody could reach");
    }

    @Test
    void aReachableSegmentKeepsItsMappingAliveWithoutTheMappingObject() throws Exception {
        Path f = Files.write(dir.resolve("kept"), new byte[4096]);
        java.lang.foreign.MemorySegment s = segmentOfDroppedMapping(f);
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(mapped(f), "the segment still reaches the mapping");
        assertEquals(0, s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4095));
        java.lang.ref.Reference.reachabilityFence(s);
    }

    @Test
    void aViewReplacedByProtectOrRemapNeitherUnmapsTheLiveMappingNorKeepsAForgottenOneMapped() throws Exception {
        Path f = Files.write(dir.resolve("changed"), new byte[8192]);
        Mapping[] m = {Mapping.map(f, MapOptions.readWrite())};
        touchAndDropViews(m[0]);
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(mapped(f), "the old views were collected, the mapping is alive");
        assertEquals(0, m[0].segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4095));
        m[0] = null;
        for (int i = 0; i < 100 && mapped(f); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(!mapped(f), "the cleaner unmapped the changed mapping nobody could reach");
    }

    private static void touchAndDropViews(Mapping m) throws IOException {
        m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
        m.protect(Prot.PROT_READ);
        m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
        m.remap(4096);
        m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    private static void mapAndDrop(Path f) throws IOException {
        Mapping.map(f, MapOptions.readOnly()).segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    private static java.lang.foreign.MemorySegment segmentOfDroppedMapping(Path f) throws IOException {
        return Mapping.map(f, MapOptions.readOnly()).segment();
    }
}
