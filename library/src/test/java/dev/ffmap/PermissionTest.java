package dev.ffmap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kernel refuses stays refused, with a clear message and nothing changed: shared
 * writing through a read-only descriptor, PROT_EXEC on a noexec mount; shared memory is the
 * owner's alone; no descriptor of ours reaches a child process.
 *
 * <p>The tests run as root, which ignores file modes, so "read-only" is made by the descriptor:
 * the file is opened O_RDONLY and the mapping asks for MAP_SHARED with PROT_WRITE.
 */
@EnabledOnOs(OS.LINUX)
class PermissionTest {
    @TempDir
    Path dir;

    @Test
    void sharedWritingThroughAReadOnlyDescriptorIsEaccesAndLeavesTheFileAlone() throws IOException {
        byte[] original = new byte[5000];
        new SplittableRandom(3).nextBytes(original);
        Path f = Files.write(dir.resolve("f"), original);
        int fd = Mman.open(f, Set.of(OpenFlag.O_RDONLY, OpenFlag.O_CLOEXEC), 0);
        try {
            MmapException viaMappedFile = assertThrows(MmapException.class,
                    () -> MappedFile.open(fd, MappedFile.options().access(MappedFile.Access.WRITE)));
            assertEquals("EACCES", viaMappedFile.errnoName());
            assertTrue(viaMappedFile.getMessage().startsWith("mmap(") && viaMappedFile.getMessage().contains("PROT_WRITE")
                    && viaMappedFile.getMessage().contains("MAP_SHARED") && viaMappedFile.getMessage().contains("EACCES (Permission denied)"),
                    viaMappedFile.getMessage());
            MmapException viaMman = assertThrows(MmapException.class, () -> Mman.mmap(java.lang.foreign.MemorySegment.NULL, 5000,
                    EnumSet.of(Prot.PROT_READ, Prot.PROT_WRITE), EnumSet.of(MapFlag.MAP_SHARED), fd, 0));
            assertEquals("EACCES", viaMman.errnoName());
            // The same descriptor maps fine for reading and for private writes, which stay in the process.
            try (MappedFile copy = MappedFile.open(fd, MappedFile.options().access(MappedFile.Access.COPY))) {
                copy.set(0, 1);
            }
        } finally {
            Mman.close(fd);
        }
        assertArrayEquals(original, Files.readAllBytes(f));
    }

    @Test
    void protExecOnANoexecMountIsRefusedWithEperm() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("noexec"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs", mount.toString()) == 0,
                "cannot mount a noexec tmpfs here (needs root and CAP_SYS_ADMIN)");
        try {
            Path f = Files.write(mount.resolve("code"), new byte[4096]);
            MmapException e = assertThrows(MmapException.class,
                    () -> Mapping.map(f, MapOptions.readOnly().withProt(Prot.PROT_READ, Prot.PROT_EXEC)));
            assertEquals("EPERM", e.errnoName(), e.getMessage());
            assertTrue(e.getMessage().contains("PROT_EXEC"), e.getMessage());
            try (Mapping m = Mapping.map(f, MapOptions.readOnly())) {
                MmapException later = assertThrows(MmapException.class, () -> m.protect(Prot.PROT_READ, Prot.PROT_EXEC));
                assertEquals("EACCES", later.errnoName(), later.getMessage());
                assertEquals(Set.of(Prot.PROT_READ), m.prot(), "a refused protect changes nothing");
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void sharedMemoryIsCreatedForItsOwnerOnly() throws IOException {
        String name = "/" + SharedMemoryTest.PREFIX + "perm";
        try (SharedMemory shm = SharedMemory.create(name, 4096).unlinkOnClose()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of("/dev/shm" + name))));
        }
    }

    /**
     * The child is started with C's {@code system(3)} (fork and exec of /bin/sh), not with
     * {@link ProcessBuilder}: the JDK's launcher closes every descriptor above 2 in the child by
     * itself, which would hide a missing close-on-exec. A memfd made inheritable on purpose is
     * the control: the child must see that one, and only that one, of ours.
     */
    @Test
    @SuppressWarnings("restricted")
    void aChildProcessInheritsNoDescriptorOfOurs() throws Throwable {
        Path f = Files.write(dir.resolve("inherited"), new byte[8192]);
        Path listing = dir.resolve("child-fds");
        String name = "/" + SharedMemoryTest.PREFIX + "cloexec";
        Linker linker = Linker.nativeLinker();
        MethodHandle system = linker.downcallHandle(linker.defaultLookup().findOrThrow("system"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (MappedFile tracked = MappedFile.open(f, MappedFile.Access.WRITE);
             Mapping mapping = Mapping.map(f, MapOptions.readWrite());
             SharedMemory named = SharedMemory.create(name, 4096).unlinkOnClose();
             SharedMemory memfd = SharedMemory.anonymous("cloexec-check", 4096);
             SharedMemory ringMemory = SharedMemory.anonymous("cloexec-ring", ByteRing.bytesNeeded(4096));
             ByteRing ring = ByteRing.create(ringMemory, 4096);
             SharedMemory control = SharedMemory.anonymous("inheritable-control", 4096);
             Arena arena = Arena.ofConfined()) {
            control.setInheritable(true);
            String ours = fds("/proc/self/fd");
            assertTrue(ours.contains("inherited") && ours.contains("memfd:cloexec-check") && ours.contains(name),
                    "this process holds the descriptors: " + ours);
            int rc = (int) system.invokeExact(arena.allocateFrom("ls -l /proc/self/fd/ > " + listing));
            assertEquals(0, rc);
            String child = Files.readString(listing);
            assertTrue(child.contains("memfd:inheritable-control"), "the control reached the child: " + child);
            assertFalse(child.contains("inherited") || child.contains("memfd:cloexec") || child.contains("/dev/shm"),
                    "the child inherited a descriptor: " + child);
            Reliability.figure("permissions", "descriptors of ours seen by `ls -l /proc/self/fd/` run with system(3) while 6 objects"
                    + " are open: " + child.lines().filter(l -> l.contains("memfd:cloexec") || l.contains("inherited")
                    || l.contains("/dev/shm")).count() + " (the inheritable control: "
                    + child.lines().filter(l -> l.contains("inheritable-control")).count() + ")");
            assertTrue(mapping.byteSize() > 0 && tracked.length() > 0 && named.fd() >= 0 && memfd.fd() >= 0 && ring != null);
        }
    }

    private static String fds(String dir) throws IOException {
        StringBuilder s = new StringBuilder();
        try (var fds = Files.list(Path.of(dir))) {
            for (Path fd : fds.toList()) {
                try {
                    s.append(fd.getFileName()).append(" -> ").append(Files.readSymbolicLink(fd)).append('\n');
                } catch (IOException e) {
                    // closed since the listing: the directory's own descriptor
                }
            }
        }
        return s.toString();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
