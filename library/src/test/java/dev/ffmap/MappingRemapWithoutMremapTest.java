package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Mapping's remap as it runs where the OS has no mremap (macOS, Windows): sync, map again, copy
 * what only memory holds, unmap the old range. Runs on every OS through the package-private entry.
 */
class MappingRemapWithoutMremapTest {
    @TempDir
    Path dir;

    private Path file(long size) throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, new byte[(int) size]);
        return f;
    }

    @Test
    void sharedFileMappingKeepsWhatWasWrittenAndSeesTheWholeFile() throws IOException {
        Path f = file(1 << 20);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(100).withLength(1000))) {
            MemorySegment before = m.segment();
            m.segment().set(ValueLayout.JAVA_INT, 0, 77);
            m.remapByMappingAgain(500_000);
            assertEquals(500_000, m.byteSize());
            assertEquals(77, m.segment().get(ValueLayout.JAVA_INT, 0));
            m.segment().set(ValueLayout.JAVA_BYTE, 499_999, (byte) 5);
            assertThrows(IllegalStateException.class, () -> before.get(ValueLayout.JAVA_BYTE, 0));
            m.sync();
        }
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(77, bytes[100]);
        assertEquals(5, bytes[100 + 499_999]);
    }

    @Test
    void privateFileMappingKeepsItsPrivateWritesAndNeverWritesTheFile() throws IOException {
        Path f = file(64 * 1024);
        try (Mapping m = Mapping.map(f, MapOptions.copyOnWrite().withLength(4096))) {
            m.segment().set(ValueLayout.JAVA_BYTE, 10, (byte) 9);
            m.remapByMappingAgain(32 * 1024);
            assertEquals(9, m.segment().get(ValueLayout.JAVA_BYTE, 10));
            assertEquals(0, m.segment().get(ValueLayout.JAVA_BYTE, 32 * 1024 - 1));
        }
        assertEquals(0, Files.readAllBytes(f)[10]);
    }

    @Test
    void anonymousMemoryIsCopiedWhenItGrowsAndCutWhenItShrinks() throws IOException {
        try (Mapping m = Mapping.anonymous(8192, MapOptions.readWrite().withFlags(MapFlag.MAP_PRIVATE))) {
            m.segment().set(ValueLayout.JAVA_LONG, 8184, 42L);
            m.remapByMappingAgain(1 << 20);
            assertEquals(42L, m.segment().get(ValueLayout.JAVA_LONG, 8184));
            assertEquals(0L, m.segment().get(ValueLayout.JAVA_LONG, (1 << 20) - 8));
            m.remapByMappingAgain(8192);
            assertEquals(8192, m.segment().byteSize());
            assertEquals(42L, m.segment().get(ValueLayout.JAVA_LONG, 8184));
        }
    }
}
