package dev.ffmap.internal;

import dev.ffmap.bindings.linux.Libc;

/**
 * Linux's values for every flag name ffmap knows, read from the generated bindings. Names that
 * Linux lacks (macOS-only flags) are absent, so asking for them is an error naming the OS.
 */
final class LinuxConstants {
    private LinuxConstants() {
    }

    static Constants table() {
        return new Constants()
                // Prot
                .put("PROT_NONE", Libc.PROT_NONE())
                .put("PROT_READ", Libc.PROT_READ())
                .put("PROT_WRITE", Libc.PROT_WRITE())
                .put("PROT_EXEC", Libc.PROT_EXEC())
                // MapFlag
                .put("MAP_SHARED", Libc.MAP_SHARED())
                .put("MAP_PRIVATE", Libc.MAP_PRIVATE())
                .put("MAP_SHARED_VALIDATE", Libc.MAP_SHARED_VALIDATE())
                .put("MAP_FIXED", Libc.MAP_FIXED())
                .put("MAP_FIXED_NOREPLACE", Libc.MAP_FIXED_NOREPLACE())
                .put("MAP_ANONYMOUS", Libc.MAP_ANONYMOUS())
                .put("MAP_32BIT", Libc.MAP_32BIT())
                .put("MAP_GROWSDOWN", Libc.MAP_GROWSDOWN())
                .put("MAP_DENYWRITE", Libc.MAP_DENYWRITE())
                .put("MAP_EXECUTABLE", Libc.MAP_EXECUTABLE())
                .put("MAP_LOCKED", Libc.MAP_LOCKED())
                .put("MAP_NORESERVE", Libc.MAP_NORESERVE())
                .put("MAP_POPULATE", Libc.MAP_POPULATE())
                .put("MAP_NONBLOCK", Libc.MAP_NONBLOCK())
                .put("MAP_STACK", Libc.MAP_STACK())
                .put("MAP_HUGETLB", Libc.MAP_HUGETLB())
                .put("MAP_SYNC", Libc.MAP_SYNC())
                .put("MAP_UNINITIALIZED", Libc.MAP_UNINITIALIZED())
                .put("MAP_HUGE_2MB", Libc.MAP_HUGE_2MB())
                .put("MAP_HUGE_1GB", Libc.MAP_HUGE_1GB())
                // MsyncFlag
                .put("MS_ASYNC", Libc.MS_ASYNC())
                .put("MS_SYNC", Libc.MS_SYNC())
                .put("MS_INVALIDATE", Libc.MS_INVALIDATE())
                // Advice
                .put("MADV_NORMAL", Libc.MADV_NORMAL())
                .put("MADV_RANDOM", Libc.MADV_RANDOM())
                .put("MADV_SEQUENTIAL", Libc.MADV_SEQUENTIAL())
                .put("MADV_WILLNEED", Libc.MADV_WILLNEED())
                .put("MADV_DONTNEED", Libc.MADV_DONTNEED())
                .put("MADV_FREE", Libc.MADV_FREE())
                .put("MADV_REMOVE", Libc.MADV_REMOVE())
                .put("MADV_DONTFORK", Libc.MADV_DONTFORK())
                .put("MADV_DOFORK", Libc.MADV_DOFORK())
                .put("MADV_MERGEABLE", Libc.MADV_MERGEABLE())
                .put("MADV_UNMERGEABLE", Libc.MADV_UNMERGEABLE())
                .put("MADV_HUGEPAGE", Libc.MADV_HUGEPAGE())
                .put("MADV_NOHUGEPAGE", Libc.MADV_NOHUGEPAGE())
                .put("MADV_DONTDUMP", Libc.MADV_DONTDUMP())
                .put("MADV_DODUMP", Libc.MADV_DODUMP())
                .put("MADV_WIPEONFORK", Libc.MADV_WIPEONFORK())
                .put("MADV_KEEPONFORK", Libc.MADV_KEEPONFORK())
                .put("MADV_COLD", Libc.MADV_COLD())
                .put("MADV_PAGEOUT", Libc.MADV_PAGEOUT())
                .put("MADV_POPULATE_READ", Libc.MADV_POPULATE_READ())
                .put("MADV_POPULATE_WRITE", Libc.MADV_POPULATE_WRITE())
                .put("MADV_DONTNEED_LOCKED", Libc.MADV_DONTNEED_LOCKED())
                .put("MADV_COLLAPSE", Libc.MADV_COLLAPSE())
                .put("MADV_HWPOISON", Libc.MADV_HWPOISON())
                .put("MADV_SOFT_OFFLINE", Libc.MADV_SOFT_OFFLINE())
                // OpenFlag
                .put("O_RDONLY", Libc.O_RDONLY())
                .put("O_WRONLY", Libc.O_WRONLY())
                .put("O_RDWR", Libc.O_RDWR())
                .put("O_CREAT", Libc.O_CREAT())
                .put("O_EXCL", Libc.O_EXCL())
                .put("O_TRUNC", Libc.O_TRUNC())
                .put("O_APPEND", Libc.O_APPEND())
                .put("O_CLOEXEC", Libc.O_CLOEXEC())
                .put("O_DIRECT", Libc.O_DIRECT())
                .put("O_DSYNC", Libc.O_DSYNC())
                .put("O_SYNC", Libc.O_SYNC())
                .put("O_NOATIME", Libc.O_NOATIME())
                .put("O_NOFOLLOW", Libc.O_NOFOLLOW())
                .put("O_DIRECTORY", Libc.O_DIRECTORY())
                .put("O_TMPFILE", Libc.O_TMPFILE())
                .put("O_NONBLOCK", Libc.O_NONBLOCK())
                // SealFlag
                .put("F_SEAL_SEAL", Libc.F_SEAL_SEAL())
                .put("F_SEAL_SHRINK", Libc.F_SEAL_SHRINK())
                .put("F_SEAL_GROW", Libc.F_SEAL_GROW())
                .put("F_SEAL_WRITE", Libc.F_SEAL_WRITE())
                .put("F_SEAL_FUTURE_WRITE", Libc.F_SEAL_FUTURE_WRITE())
                // MremapFlag
                .put("MREMAP_MAYMOVE", Libc.MREMAP_MAYMOVE())
                .put("MREMAP_FIXED", Libc.MREMAP_FIXED())
                .put("MREMAP_DONTUNMAP", Libc.MREMAP_DONTUNMAP())
                // FileAdvice
                .put("POSIX_FADV_NORMAL", Libc.POSIX_FADV_NORMAL())
                .put("POSIX_FADV_SEQUENTIAL", Libc.POSIX_FADV_SEQUENTIAL())
                .put("POSIX_FADV_RANDOM", Libc.POSIX_FADV_RANDOM())
                .put("POSIX_FADV_WILLNEED", Libc.POSIX_FADV_WILLNEED())
                .put("POSIX_FADV_DONTNEED", Libc.POSIX_FADV_DONTNEED())
                .put("POSIX_FADV_NOREUSE", Libc.POSIX_FADV_NOREUSE());
    }
}
