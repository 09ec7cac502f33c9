package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Double-mapped memory: one set of bytes, two addresses back to back. */
@EnabledOnOs(OS.LINUX)
class MirroredMemoryTest {
    private static final long SIZE = 16 * Mman.pageSize();

    @Test
    void byteIAndByteIPlusSizeAreTheSameMemory() throws Exception {
        try (MirroredMemory m = MirroredMemory.anonymous(SIZE)) {
            MemorySegment s = m.segment();
            assertEquals(2 * SIZE, s.byteSize());
            for (long i : new long[] {0, 1, Mman.pageSize() - 1, Mman.pageSize(), SIZE / 2 + 3, SIZE - 1}) {
                s.set(ValueLayout.JAVA_BYTE, i, (byte) 0x5a);
                assertEquals((byte) 0x5a, s.get(ValueLayout.JAVA_BYTE, i + SIZE), "copy of byte " + i);
                s.set(ValueLayout.JAVA_BYTE, i + SIZE, (byte) 0x33);
                assertEquals((byte) 0x33, s.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " through the copy");
            }
            // a long across the seam reads the last 3 bytes and the first 5 as one value
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, SIZE - 3, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, s.get(ValueLayout.JAVA_LONG_UNALIGNED, SIZE - 3));
            assertEquals((byte) 0x05, s.get(ValueLayout.JAVA_BYTE, 0)); // little-endian: the value's last 5 bytes wrapped to 0..4
            assertEquals((byte) 0x01, s.get(ValueLayout.JAVA_BYTE, 4));
        }
    }

    @Test
    void closeUnmapsBothCopiesAndKillsTheSegment() throws Exception {
        MirroredMemory m = MirroredMemory.anonymous(SIZE);
        MemorySegment s = m.segment();
        long address = s.address();
        assertTrue(mapsLineStartingAt(address));
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, m::segment);
        assertTrue(!mapsLineStartingAt(address), "both copies are unmapped");
    }

    @Test
    void anUnreachableMirrorIsUnmappedByTheCleanerAndAReachableSegmentKeepsItAlive() throws Exception {
        long dropped = addressOfDroppedMirror();
        MemorySegment kept = MirroredMemory.anonymous(SIZE).segment();
        for (int i = 0; i < 100 && mapsLineStartingAt(dropped); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(!mapsLineStartingAt(dropped), "the cleaner unmapped a mirror nobody could reach");
        assertTrue(mapsLineStartingAt(kept.address()), "a live segment keeps its mirror mapped");
        kept.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        assertEquals((byte) 1, kept.get(ValueLayout.JAVA_BYTE, SIZE));
    }

    private static long addressOfDroppedMirror() throws MmapException {
        return MirroredMemory.anonymous(SIZE).segment().address();
    }

    @Test
    void badSizesAndOffsetsAreRefused() throws Exception {
        try (SharedMemory shm = SharedMemory.anonymous("bad", SIZE)) {
            assertThrows(IllegalArgumentException.class, () -> MirroredMemory.map(shm, 0, 100));
            assertThrows(IllegalArgumentException.class, () -> MirroredMemory.map(shm, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> MirroredMemory.map(shm, 1, Mman.pageSize()));
            assertThrows(IllegalArgumentException.class, () -> MirroredMemory.map(shm, Mman.pageSize(), SIZE));
            shm.seal(SealFlag.F_SEAL_WRITE);
            long fds = SharedMemoryTest.openFds();
            assertEquals("EPERM", assertThrows(MmapException.class, () -> MirroredMemory.map(shm, 0, SIZE)).errnoName());
            assertEquals(fds, SharedMemoryTest.openFds());
        }
    }

    private static boolean mapsLineStartingAt(long address) throws IOException {
        String prefix = Long.toHexString(address) + "-";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(l -> l.startsWith(prefix));
        }
    }
}
