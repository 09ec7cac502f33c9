package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every backend promises, with no Linux-only flag: runs on Linux, macOS and Windows alike
 * (the first thing the hosted CI runners check there).
 */
class PortableMappingTest {
    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, new byte[size]);
        return f;
    }

    @Test
    void sharedWritesReachTheFileAndTheFileCanBeDeletedAfterClose() throws IOException {
        Path f = file(200_000);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withOffset(70_000).withLength(1000))) {
            assertEquals(1000, m.byteSize());
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
            m.sync();
            m.advise(Advice.MADV_WILLNEED);
        }
        assertEquals(7, Files.readAllBytes(f)[70_000]);
        Files.delete(f);
        assertFalse(Files.exists(f));
    }

    @Test
    void privateWritesNeverReachTheFile() throws IOException {
        Path f = file(4096);
        try (Mapping m = Mapping.map(f, MapOptions.copyOnWrite())) {
            m.segment().set(ValueLayout.JAVA_BYTE, 1, (byte) 9);
            assertEquals(9, m.segment().get(ValueLayout.JAVA_BYTE, 1));
        }
        assertEquals(0, Files.readAllBytes(f)[1]);
    }

    @Test
    void readOnlyMappingRefusesWritesAndCanBeMadeWritable() throws IOException {
        Path f = file(4096);
        try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
            assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
        try (Mapping m = Mapping.anonymous(65_536, MapOptions.readWrite().withFlags(MapFlag.MAP_PRIVATE))) {
            m.protect(Prot.PROT_READ);
            assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            m.protect(Prot.PROT_READ, Prot.PROT_WRITE);
            m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            assertEquals(1, m.segment().get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void remapGrowsAFileMappingOnEveryOs() throws IOException {
        Path f = file(4096);
        try (Mapping m = Mapping.map(f, MapOptions.readWrite().withGrow(true))) {
            m.segment().set(ValueLayout.JAVA_INT, 0, 77);
            m.remap(1 << 20);
            assertEquals(77, m.segment().get(ValueLayout.JAVA_INT, 0));
            m.segment().set(ValueLayout.JAVA_BYTE, (1 << 20) - 1, (byte) 5);
        }
        assertEquals(1 << 20, Files.size(f));
    }

    @Test
    void unsupportedFlagsNameTheFlagAndTheOs() {
        for (NativeFlag flag : new NativeFlag[] {MapFlag.MAP_POPULATE, MapFlag.MAP_NOCACHE, MsyncFlag.MS_KILLPAGES}) {
            if (!flag.isSupported()) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, flag::value);
                assertTrue(e.getMessage().startsWith(flag.name() + " is not available on " + System.getProperty("os.name")),
                        e.getMessage());
            }
        }
    }
}
