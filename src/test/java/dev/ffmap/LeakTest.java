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

    private static void mapAndDrop(Path f) throws IOException {
        Mapping.map(f, MapOptions.readOnly()).segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    private static java.lang.foreign.MemorySegment segmentOfDroppedMapping(Path f) throws IOException {
        return Mapping.map(f, MapOptions.readOnly()).segment();
    }
}
