package dev.ffmap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named POSIX shared memory and memfd: creation, sharing between JVMs, seals, descriptors, clean-up. */
@EnabledOnOs(OS.LINUX)
class SharedMemoryTest {
    /** Unique per test run, so parallel builds on one machine do not meet in /dev/shm. */
    static final String PREFIX = "ffmap-test-" + ProcessHandle.current().pid() + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-";

    @TempDir
    Path dir;

    private int counter;

    private String uniqueName() {
        return "/" + PREFIX + (counter++);
    }

    /** Every test leaves /dev/shm as it found it. */
    @AfterEach
    void noStrayObjects() throws IOException {
        List<Path> stray;
        try (Stream<Path> s = Files.list(Path.of("/dev/shm"))) {
            stray = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
        }
        for (Path p : stray) {
            Files.deleteIfExists(p);
        }
        assertEquals(List.of(), stray, "shared memory objects left behind");
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The flags field of /proc/self/fdinfo/fd, in octal as the kernel prints it. */
    private static int fdFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new AssertionError("no flags in fdinfo of " + fd);
    }

    @Test
    void namedObjectRoundTripsBetweenTwoJvmsAndIsGoneAfterUnlink() throws Exception {
        String name = uniqueName();
        Path file = Path.of("/dev/shm", name.substring(1));
        try (SharedMemory shm = SharedMemory.create(name, 8192); Mapping m = shm.map()) {
            assertEquals(name, shm.name());
            assertEquals(file, shm.path());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(8192, shm.size());
            MemorySegment s = m.segment();
            for (int i = 0; i < 4096; i++) {
                s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
            }
            assertEquals("ok", ChildJvm.run(SharedPeer.class, "shm-echo", name));
            for (int i = 0; i < 4096; i++) { // the child's writes, seen through this live mapping
                assertEquals((byte) (i * 13), s.get(ValueLayout.JAVA_BYTE, 4096 + i), "byte " + i);
            }
            shm.unlink();
            assertFalse(Files.exists(file));
            s.set(ValueLayout.JAVA_LONG, 0, 1L); // still mapped and usable here
            MmapException e = assertThrows(MmapException.class, () -> SharedMemory.open(name));
            assertEquals("ENOENT", e.errnoName());
        }
    }

    @Test
    void secondExclusiveCreateFailsWithEexist() throws Exception {
        String name = uniqueName();
        try (SharedMemory first = SharedMemory.create(name, 4096).unlinkOnClose()) {
            long fds = openFds();
            MmapException e = assertThrows(MmapException.class, () -> SharedMemory.create(name, 4096));
            assertEquals("EEXIST", e.errnoName());
            assertEquals("shm_open", e.syscall());
            assertTrue(e.getMessage().startsWith("shm_open(\"" + name + "\", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600) failed: EEXIST"),
                    e.getMessage());
            assertEquals(fds, openFds());
            assertEquals(4096, first.size(), "the failed create must not touch the existing object");
            try (SharedMemory again = SharedMemory.openOrCreate(name, 8192)) {
                assertEquals(4096, again.size(), "openOrCreate keeps an existing size");
            }
        }
        assertFalse(Files.exists(Path.of("/dev/shm", name.substring(1))), "unlinkOnClose unlinked it");
    }

    @Test
    void badNamesAndSizesAreRefusedBeforeAnyCall() {
        for (String bad : List.of("", "/", "/a/b", "a/b", ".", "/..", "x".repeat(256), "a\0b")) {
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(bad, 4096), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(uniqueName(), 0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.anonymous("x", -1));
        assertEquals("/x", SharedMemory.shmName("x"));
        assertEquals("/x", SharedMemory.shmName("/x"));
    }

    @Test
    void writeSealedMemfdRefusesWritableMappingsAndSealedSizeCannotChange() throws Exception {
        try (SharedMemory fd = SharedMemory.anonymous("sealed", 4096)) {
            try (Mapping m = fd.map()) {
                m.segment().set(ValueLayout.JAVA_LONG, 0, 0x0123456789abcdefL);
                MmapException busy = assertThrows(MmapException.class, () -> fd.seal(SealFlag.F_SEAL_WRITE));
                assertEquals("EBUSY", busy.errnoName(), "cannot seal against writes while a writable mapping exists");
            }
            fd.seal(SealFlag.F_SEAL_WRITE, SealFlag.F_SEAL_SHRINK, SealFlag.F_SEAL_GROW);
            assertEquals(EnumSet.of(SealFlag.F_SEAL_WRITE, SealFlag.F_SEAL_SHRINK, SealFlag.F_SEAL_GROW), fd.seals());

            MmapException write = assertThrows(MmapException.class, fd::map);
            assertEquals("EPERM", write.errnoName());
            assertEquals("mmap", write.syscall());
            try (Mapping read = fd.map(MapOptions.readOnly())) {
                assertEquals(0x0123456789abcdefL, read.segment().get(ValueLayout.JAVA_LONG, 0));
            }
            assertEquals("EPERM", assertThrows(MmapException.class, () -> fd.resize(8192)).errnoName());
            assertEquals("EPERM", assertThrows(MmapException.class, () -> fd.resize(100)).errnoName());
            assertEquals(4096, fd.size());

            fd.seal(SealFlag.F_SEAL_SEAL);
            MmapException sealed = assertThrows(MmapException.class, () -> fd.seal(SealFlag.F_SEAL_FUTURE_WRITE));
            assertEquals("EPERM", sealed.errnoName());
            assertTrue(sealed.getMessage().contains("F_ADD_SEALS, F_SEAL_FUTURE_WRITE"), sealed.getMessage());
        }
    }

    @Test
    void memfdHandedToAChildJvmByPathIsTheSameMemory() throws Exception {
        try (SharedMemory fd = SharedMemory.anonymous("handoff", 4096); Mapping m = fd.map()) {
            fd.seal(SealFlag.F_SEAL_GROW, SealFlag.F_SEAL_SHRINK);
            SharedLong counter = SharedLong.at(m.segment(), 0);
            counter.set(5);
            assertTrue(fd.path().toString().matches("/proc/\\d+/fd/\\d+"), fd.path().toString());
            String out = ChildJvm.run(SharedPeer.class, "path-add", fd.path().toString(), "1000");
            assertEquals("4096 [F_SEAL_SHRINK, F_SEAL_GROW]", out, "the child sees the size and the seals");
            assertEquals(1005, counter.get());
        }
    }

    @Test
    void descriptorsAreCloseOnExecUnlessAskedAndAreClosedOnClose() throws Exception {
        int cloexec = 02000000;
        String name = uniqueName();
        long before = openFds();
        try (SharedMemory named = SharedMemory.create(name, 4096).unlinkOnClose();
             SharedMemory anon = SharedMemory.anonymous("cloexec", 4096)) {
            assertEquals(cloexec, fdFlags(named.fd()) & cloexec);
            assertEquals(cloexec, fdFlags(anon.fd()) & cloexec);
            anon.setInheritable(true);
            assertEquals(0, fdFlags(anon.fd()) & cloexec);
            anon.setInheritable(false);
            assertEquals(cloexec, fdFlags(anon.fd()) & cloexec);
            assertEquals(before + 2, openFds());
        }
        assertEquals(before, openFds());
    }

    @Test
    void mappingsOutliveTheObjectAndTheObjectRefusesUseAfterClose() throws Exception {
        SharedMemory anon = SharedMemory.anonymous("outlive", 4096);
        Mapping m = anon.map();
        anon.close();
        anon.close(); // idempotent
        m.segment().set(ValueLayout.JAVA_INT, 0, 7);
        assertEquals(7, m.segment().get(ValueLayout.JAVA_INT, 0));
        m.close();
        assertThrows(IllegalStateException.class, anon::map);
        assertThrows(IllegalStateException.class, anon::fd);
        try (SharedMemory unnamed = SharedMemory.anonymous("x", 1)) {
            assertThrows(IllegalStateException.class, unnamed::unlinkOnClose);
        }
    }

    @Test
    void sharedFileMappingsSeeEachOtherAndPrivateOnesKeepTheirCopies() throws Exception {
        Path f = Files.write(dir.resolve("shared.bin"), new byte[4096]);
        try (Mapping a = Mapping.map(f, MapOptions.readWrite());
             Mapping b = Mapping.map(f, MapOptions.readWrite());
             Mapping p = Mapping.map(f, MapOptions.copyOnWrite())) {
            a.segment().set(ValueLayout.JAVA_INT, 0, 1);
            assertEquals(1, b.segment().get(ValueLayout.JAVA_INT, 0), "shared mappings see writes without msync");
            assertEquals(1, p.segment().get(ValueLayout.JAVA_INT, 0), "a private page not yet copied reads the file");
            p.segment().set(ValueLayout.JAVA_INT, 8, 99); // copies the page
            a.segment().set(ValueLayout.JAVA_INT, 0, 2);
            assertEquals(1, p.segment().get(ValueLayout.JAVA_INT, 0), "the private copy never sees later writes");
            assertEquals(0, a.segment().get(ValueLayout.JAVA_INT, 8), "and never leaks its own");
        }
        assertEquals(0, Files.readAllBytes(f)[8]);
    }
}
