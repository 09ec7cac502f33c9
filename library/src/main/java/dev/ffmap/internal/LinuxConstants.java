package dev.ffmap.internal;

import java.util.List;

/**
 * The names of every flag ffmap knows on Linux, with values read from the running architecture's
 * generated bindings ({@link LinuxBindings}): the values differ by architecture ({@code O_DIRECTORY}
 * on aarch64, {@code MAP_LOCKED} on ppc64le, {@code POSIX_FADV_DONTNEED} on s390x). Names this
 * architecture lacks ({@code MAP_32BIT} off x86-64) and macOS-only flags are absent, so asking for
 * them is an error naming the OS and architecture.
 */
final class LinuxConstants {
    /** In families; {@code LinuxAbiTest} checks each against every architecture's C compiler. */
    static final List<String> NAMES = List.of(
            // Prot
            "PROT_NONE", "PROT_READ", "PROT_WRITE", "PROT_EXEC",
            // MapFlag
            "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE", "MAP_FIXED", "MAP_FIXED_NOREPLACE", "MAP_ANONYMOUS",
            "MAP_32BIT", "MAP_GROWSDOWN", "MAP_DENYWRITE", "MAP_EXECUTABLE", "MAP_LOCKED", "MAP_NORESERVE",
            "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK", "MAP_HUGETLB", "MAP_SYNC", "MAP_UNINITIALIZED",
            "MAP_HUGE_2MB", "MAP_HUGE_1GB",
            // MsyncFlag
            "MS_ASYNC", "MS_SYNC", "MS_INVALIDATE",
            // Advice
            "MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL", "MADV_WILLNEED", "MADV_DONTNEED", "MADV_FREE",
            "MADV_REMOVE", "MADV_DONTFORK", "MADV_DOFORK", "MADV_MERGEABLE", "MADV_UNMERGEABLE", "MADV_HUGEPAGE",
            "MADV_NOHUGEPAGE", "MADV_DONTDUMP", "MADV_DODUMP", "MADV_WIPEONFORK", "MADV_KEEPONFORK", "MADV_COLD",
            "MADV_PAGEOUT", "MADV_POPULATE_READ", "MADV_POPULATE_WRITE", "MADV_DONTNEED_LOCKED", "MADV_COLLAPSE",
            "MADV_HWPOISON", "MADV_SOFT_OFFLINE",
            // OpenFlag
            "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "O_CLOEXEC", "O_DIRECT",
            "O_DSYNC", "O_SYNC", "O_NOATIME", "O_NOFOLLOW", "O_DIRECTORY", "O_TMPFILE", "O_NONBLOCK",
            // SealFlag
            "F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE",
            // MremapFlag
            "MREMAP_MAYMOVE", "MREMAP_FIXED", "MREMAP_DONTUNMAP",
            // FileAdvice
            "POSIX_FADV_NORMAL", "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_RANDOM", "POSIX_FADV_WILLNEED",
            "POSIX_FADV_DONTNEED", "POSIX_FADV_NOREUSE");

    private LinuxConstants() {
    }

    static Constants table(LinuxBindings bindings) {
        Constants table = new Constants();
        for (String name : NAMES) {
            bindings.find(name).ifPresent(value -> table.put(name, value));
        }
        return table;
    }
}
