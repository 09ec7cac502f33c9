package dev.ffmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mappings in an arena the caller owns: {@link Mapping#map(Path, MapOptions, Arena)} and the C mirror's. */
@EnabledOnOs(OS.LINUX)
class ArenaMappingTest {
    @TempDir
    Path dir;

    @Test
    void manyFilesShareOneArenaAndAreAllUnmappedWhenItCloses() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(Files.write(dir.resolve("f" + i), ("file " + i).getBytes()));
        }
        long fds = Reliability.openFds();
        List<MemorySegment> segments = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            for (Path f : files) {
                segments.add(Mapping.map(f, MapOptions.readOnly(), arena));
            }
            assertEquals(fds, Reliability.openFds(), "the descriptors are closed once mapped");
            for (int i = 0; i < files.size(); i++) {
                assertArrayEquals(("file " + i).getBytes(), segments.get(i).toArray(ValueLayout.JAVA_BYTE));
                assertEquals(1, Reliability.mappingsOf(files.get(i)));
                assertTrue(segments.get(i).isReadOnly(), "no PROT_WRITE: read-only segment");
            }
        }
        for (int i = 0; i < files.size(); i++) {
            MemorySegment s = segments.get(i);
            assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(0, Reliability.mappingsOf(files.get(i)), "unmapped when the arena closed");
        }
        assertEquals(fds, Reliability.openFds());
    }

    @Test
    void theSegmentStartsAtAnyOffsetAndWritesReachTheFile() throws IOException {
        byte[] data = new byte[3 * 4096];
        Path f = Files.write(dir.resolve("f"), data);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Mapping.map(f, MapOptions.readWrite().withOffset(4097).withLength(10), arena);
            assertEquals(10, s.byteSize());
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
        }
        assertEquals(7, Files.readAllBytes(f)[4097]);
    }

    @Test
    void badOptionsAndClosedArenasAreRefusedAndLeaveNothing() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[100]);
        long fds = Reliability.openFds();
        Arena closed = Arena.ofShared();
        closed.close();
        assertThrows(IllegalStateException.class, () -> Mapping.map(f, MapOptions.readOnly(), closed));
        Arena other = Arena.ofConfined(); // confined to this thread: another thread may not allocate in it
        try {
            CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(() -> {
                try {
                    Mapping.map(f, MapOptions.readOnly(), other);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(thrown.join() instanceof WrongThreadException, String.valueOf(thrown.join()));
        } finally {
            other.close();
        }
        try (Arena arena = Arena.ofShared()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Mapping.map(f, MapOptions.readOnly().withProt(Prot.PROT_NONE), arena));
            assertThrows(IllegalArgumentException.class,
                    () -> Mapping.map(f, MapOptions.readOnly().withConfined(true), arena));
            assertThrows(IllegalArgumentException.class,
                    () -> Mapping.map(f, MapOptions.readOnly().withLength(101), arena));
        }
        assertEquals(fds, Reliability.openFds());
        assertEquals(0, Reliability.mappingsOf(f));
        assertEquals(100, Files.size(f));
    }

    @Test
    void theCMirrorMapsIntoAnArenaToo() throws IOException {
        Path f = Files.write(dir.resolve("f"), "hello".getBytes());
        MemorySegment s;
        int fd = Mman.open(f, EnumSet.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try (Arena arena = Arena.ofShared()) {
            s = Mman.mmap(MemorySegment.NULL, 5, Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_SHARED), fd, 0, arena);
            assertEquals("hello", new String(s.toArray(ValueLayout.JAVA_BYTE)));
            assertEquals(1, Reliability.mappingsOf(f));
        } finally {
            Mman.close(fd);
        }
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(0, Reliability.mappingsOf(f));
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> Mman.mmap(MemorySegment.NULL, 4096,
                    Set.of(Prot.PROT_READ), Set.of(MapFlag.MAP_PRIVATE, MapFlag.MAP_ANONYMOUS, MapFlag.MAP_FIXED), -1, 0, arena));
        }
    }
}
