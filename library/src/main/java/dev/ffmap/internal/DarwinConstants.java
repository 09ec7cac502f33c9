package dev.ffmap.internal;

import dev.ffmap.bindings.darwin.Libc;

/**
 * macOS's values for every flag name ffmap knows, read from the generated Darwin bindings. Names
 * Darwin lacks (most Linux extensions) are absent, so asking for them is an error naming the OS;
 * the few with a Darwin stand-in say which one to use instead.
 */
final class DarwinConstants {
    private DarwinConstants() {
    }

    /**
     * The fstat symbol that fills the header's 64-bit-inode struct stat on {@code arch}: plain
     * {@code fstat} on arm64, {@code fstat$INODE64} on x86-64 (where {@code fstat} is the old layout).
     */
    static String fstatSymbol(String arch) {
        return arch.equals("x86_64") || arch.equals("amd64") ? "fstat$INODE64" : "fstat";
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
                .put("MAP_FIXED", Libc.MAP_FIXED())
                .put("MAP_ANONYMOUS", Libc.MAP_ANONYMOUS())
                .put("MAP_NORESERVE", Libc.MAP_NORESERVE())
                .put("MAP_NOCACHE", Libc.MAP_NOCACHE())
                .put("MAP_JIT", Libc.MAP_JIT())
                .put("MAP_NOEXTEND", Libc.MAP_NOEXTEND())
                .put("MAP_HASSEMAPHORE", Libc.MAP_HASSEMAPHORE())
                .hint("MAP_POPULATE", "macOS has no MAP_POPULATE; advise the mapping with MADV_WILLNEED instead")
                // MsyncFlag
                .put("MS_ASYNC", Libc.MS_ASYNC())
                .put("MS_SYNC", Libc.MS_SYNC())
                .put("MS_INVALIDATE", Libc.MS_INVALIDATE())
                .put("MS_KILLPAGES", Libc.MS_KILLPAGES())
                .put("MS_DEACTIVATE", Libc.MS_DEACTIVATE())
                // Advice
                .put("MADV_NORMAL", Libc.MADV_NORMAL())
                .put("MADV_RANDOM", Libc.MADV_RANDOM())
                .put("MADV_SEQUENTIAL", Libc.MADV_SEQUENTIAL())
                .put("MADV_WILLNEED", Libc.MADV_WILLNEED())
                .put("MADV_DONTNEED", Libc.MADV_DONTNEED())
                .put("MADV_FREE", Libc.MADV_FREE())
                .put("MADV_PAGEOUT", Libc.MADV_PAGEOUT())
                .put("MADV_FREE_REUSABLE", Libc.MADV_FREE_REUSABLE())
                .put("MADV_FREE_REUSE", Libc.MADV_FREE_REUSE())
                .put("MADV_ZERO_WIRED_PAGES", Libc.MADV_ZERO_WIRED_PAGES())
                .hint("MADV_POPULATE_READ", "macOS has no MADV_POPULATE_READ; use MADV_WILLNEED instead")
                // OpenFlag
                .put("O_RDONLY", Libc.O_RDONLY())
                .put("O_WRONLY", Libc.O_WRONLY())
                .put("O_RDWR", Libc.O_RDWR())
                .put("O_CREAT", Libc.O_CREAT())
                .put("O_EXCL", Libc.O_EXCL())
                .put("O_TRUNC", Libc.O_TRUNC())
                .put("O_APPEND", Libc.O_APPEND())
                .put("O_CLOEXEC", Libc.O_CLOEXEC())
                .put("O_DSYNC", Libc.O_DSYNC())
                .put("O_SYNC", Libc.O_SYNC())
                .put("O_NOFOLLOW", Libc.O_NOFOLLOW())
                .put("O_DIRECTORY", Libc.O_DIRECTORY())
                .put("O_NONBLOCK", Libc.O_NONBLOCK())
                .hint("MREMAP_MAYMOVE", "macOS has no mremap; unmap and map again instead");
    }
}
