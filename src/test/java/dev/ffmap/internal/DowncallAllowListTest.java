package dev.ffmap.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No native function but the kernel's mmap family ever receives mapped memory: a fault (SIGBUS
 * of a truncated file) inside any other native code kills the JVM, where the same fault in Java
 * code is an exception. Scans the main sources for every C function reached through the
 * generated bindings and checks it against two reviewed lists; a new downcall fails this test
 * until it is placed in one of them.
 */
class DowncallAllowListTest {
    /** Calls that may be given mapped memory: the kernel reports lost pages as an errno, it never faults. */
    private static final Set<String> MAY_TAKE_MAPPED_MEMORY = Set.of(
            "mmap", "munmap", "msync", "madvise", "mprotect", "mlock", "munlock", "mincore", "mremap",
            // Windows: the same family in kernel32
            "UnmapViewOfFile", "FlushViewOfFile", "VirtualProtect", "VirtualLock", "VirtualUnlock",
            "PrefetchVirtualMemory", "VirtualQuery");
    /**
     * Calls that take no mapped memory: only descriptors and numbers, or pointers into a
     * private confined arena (a path, a stat buffer), or nothing the caller passes (strerror, sysconf).
     */
    private static final Set<String> TAKE_NO_MAPPED_MEMORY = Set.of(
            "open", "close", "fcntl", "fstat", "ftruncate", "fallocate", "posix_fallocate", "shm_open", "shm_unlink", "memfd_create",
            "strerror", "sysconf", "posix_fadvise", "getrlimit",
            // Windows: handles, sizes and an address hint that is never dereferenced
            "CreateFileW", "CreateFileMappingW", "OpenFileMappingW", "MapViewOfFileEx", "CloseHandle", "DuplicateHandle",
            "GetCurrentProcess", "GetFileSizeEx", "GetSystemInfo", "SetEndOfFile", "SetFilePointerEx",
            "FlushFileBuffers");
    /** The backends: the only classes that may call C. */
    private static final Set<String> BACKENDS = Set.of("LinuxOs.java", "DarwinOs.java", "WindowsOs.java");
    /**
     * A C function named through the bindings: {@code Libc.msync$address()}, {@code Libc.open.address()},
     * {@code Kernel32.CloseHandle(…)}; constants ({@code Libc.MAP_SHARED()}) have no lower-case letter.
     */
    private static final Pattern CALL = Pattern.compile(
            "\\b(?:Libc|Kernel32)\\.([A-Za-z_]*[a-z][A-Za-z0-9_]*)(\\$address\\(|\\.address\\(|\\()");

    @Test
    void onlyTheMmapFamilyMayReceiveMappedMemory() throws IOException {
        Map<String, Set<String>> byFile = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CALL.matcher(Files.readString(f));
                while (m.find()) {
                    byFile.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        assertTrue(BACKENDS.containsAll(byFile.keySet()), "only the backends call C: " + byFile);
        Set<String> unreviewed = new TreeSet<>();
        byFile.values().forEach(unreviewed::addAll);
        unreviewed.removeAll(MAY_TAKE_MAPPED_MEMORY);
        unreviewed.removeAll(TAKE_NO_MAPPED_MEMORY);
        assertEquals(Set.of(), unreviewed, "downcalls not yet reviewed for mapped-memory arguments");
        assertTrue(byFile.get("LinuxOs.java").containsAll(Set.of("mmap", "msync", "munmap")), byFile.toString());
    }

    @Test
    void searchesStayInJava() throws IOException {
        for (String f : new String[] {"ByteSearch.java", "VectorSearch.java"}) {
            String src = Files.readString(Path.of("src/main/java/dev/ffmap/internal", f));
            assertTrue(!src.contains("Linker") && !src.contains("MethodHandle") && !src.contains("Libc"),
                    f + " reaches native code");
        }
    }
}
