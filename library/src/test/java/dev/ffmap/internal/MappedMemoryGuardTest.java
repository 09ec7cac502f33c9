package dev.ffmap.internal;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.ffmap.internal.Downcalls.Pointer.OPAQUE;
import static dev.ffmap.internal.Downcalls.Pointer.OWNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run-time half of the downcall allow-list: a native call outside the mmap family that is
 * given mapped memory, or any memory but the thread's call buffer, is refused before it runs (no
 * syscall: nothing created, nothing written, errno untouched), with an
 * {@link IllegalArgumentException} naming the call; the call buffer passes. The backends' own handles are called here with a mapped segment where they expect a
 * path or a struct, which the public API can never do.
 */
class MappedMemoryGuardTest {
    private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
            .byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final int UNTOUCHED = 12345;

    @Test
    void aPointerOutsideTheMmapFamilyMustBeDeclaredWhenTheHandleIsBuilt() {
        FunctionDescriptor fstat = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Downcalls.errno("fstat", MemorySegment.NULL, fstat)); // refused before the linker is asked
        assertEquals("fstat takes 1 pointer(s) but 0 are declared: outside the mmap family each pointer is OWNED"
                + " (checked to be the call buffer) or OPAQUE", e.getMessage());
        assertEquals(List.of(1), Downcalls.ownedParameters("fstat", fstat, OWNED));
        assertEquals(List.of(), Downcalls.ownedParameters("fstat", fstat, OPAQUE));
        FunctionDescriptor msync = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT);
        assertEquals(List.of(), Downcalls.ownedParameters("msync", msync));
        assertThrows(IllegalArgumentException.class, () -> Downcalls.ownedParameters("msync", msync, OWNED));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void openOfAPathInMappedMemoryIsRefusedAndCreatesNothing(@TempDir Path dir) throws Throwable {
        Path target = dir.resolve("made-by-open");
        int flags = flag("O_CREAT") | flag("O_RDWR") | flag("O_CLOEXEC");
        try (Mapping m = Mapping.anonymous(4096, MapOptions.readWrite())) {
            m.segment().setString(0, target.toString());
            refused("open", () -> {
                int fd = (int) LinuxOs.OPEN.get().invokeExact(state(), m.segment(), flags, 0600);
            });
            assertFalse(Files.exists(target), "open ran");
            try (Arena arena = Arena.ofConfined()) { // memory that is not a mapping, but not the call buffer either
                MemorySegment own = arena.allocateFrom(target.toString());
                refused("open", () -> {
                    int fd = (int) LinuxOs.OPEN.get().invokeExact(state(), own, flags, 0600);
                });
            }
            int fd = (int) LinuxOs.OPEN.get().invokeExact(state(), Scratch.string(target.toString(), StandardCharsets.UTF_8),
                    flags, 0600);
            assertTrue(fd >= 0 && Files.exists(target), "the same path in the call buffer");
            Os.current().close(fd);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void fstatIntoMappedMemoryIsRefusedAndWritesNothing(@TempDir Path dir) throws Throwable {
        Path f = Files.write(dir.resolve("f"), new byte[777]);
        int fd = Os.current().open(f.toString(), flag("O_RDONLY") | flag("O_CLOEXEC"), 0);
        try (Mapping m = Mapping.anonymous(4096, MapOptions.readWrite())) {
            m.segment().fill((byte) 0x5A);
            refused("fstat", () -> {
                int rc = (int) LinuxOs.FSTAT.get().invokeExact(state(), fd, m.segment().asSlice(100, 144));
            });
            refused("fstat", () -> {
                int rc = (int) LinuxOs.FSTAT.get().invokeExact(state(), fd, MemorySegment.ofAddress(m.address() + 4095));
            });
            byte[] pattern = new byte[4096];
            Arrays.fill(pattern, (byte) 0x5A);
            assertEquals(-1, m.segment().mismatch(MemorySegment.ofArray(pattern)), "fstat wrote into the mapping");
            assertEquals(777, Os.current().fstat(fd).size(), "fstat into memory of its own");
        } finally {
            Os.current().close(fd);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void sharedMemoryAndMemfdNamesInMappedMemoryAreRefused() throws Throwable {
        String name = "/ffmap-guard-" + ProcessHandle.current().pid();
        Path shm = Path.of("/dev/shm", name.substring(1));
        long fds = openFds();
        try (Mapping m = Mapping.anonymous(4096, MapOptions.readWrite())) {
            m.segment().setString(0, name);
            int flags = flag("O_CREAT") | flag("O_RDWR");
            refused("shm_open", () -> {
                int fd = (int) LinuxOs.SHM_OPEN.get().invokeExact(state(), m.segment(), flags, 0600);
            });
            assertFalse(Files.exists(shm), "shm_open ran");
            Files.write(shm, new byte[1]);
            try {
                refused("shm_unlink", () -> {
                    int rc = (int) LinuxOs.SHM_UNLINK.get().invokeExact(state(), m.segment());
                });
                assertTrue(Files.exists(shm), "shm_unlink ran");
            } finally {
                Os.current().shmUnlink(name);
            }
            refused("memfd_create", () -> {
                int fd = (int) LinuxOs.MEMFD_CREATE.get().invokeExact(state(), m.segment(), 0);
            });
            assertEquals(fds, openFds(), "memfd_create ran");
        }
    }

    /** Runs {@code call}, which must be refused naming {@code symbol}, with errno untouched: no call was made. */
    private static void refused(String symbol, Executable call) {
        state().set(ValueLayout.JAVA_INT, ERRNO_OFFSET, UNTOUCHED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(symbol + " must not be given memory outside the call buffer: ["), e.getMessage());
        assertTrue(e.getMessage().contains("so it was not called"), e.getMessage());
        assertEquals(UNTOUCHED, Errno.get(state()), "errno was written: " + symbol + " ran");
    }

    private static MemorySegment state() {
        return Errno.state();
    }

    private static int flag(String cName) {
        return Os.current().constant(cName).orElseThrow();
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
