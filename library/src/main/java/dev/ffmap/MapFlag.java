package dev.ffmap;

/**
 * The {@code flags} argument of mmap(2). Exactly one of {@link #MAP_SHARED}, {@link #MAP_PRIVATE}
 * and {@link #MAP_SHARED_VALIDATE} is required. {@link #MAP_FIXED} replaces whatever is mapped at
 * the address, so ffmap accepts it only inside a {@link Reservation}; use
 * {@link #MAP_FIXED_NOREPLACE} otherwise.
 */
public enum MapFlag implements NativeFlag {
    /** Writes reach the file and are seen by every other mapping of it (Linux, macOS, Windows). */
    MAP_SHARED,
    /** Copy-on-write: writes stay in this process and never reach the file (Linux, macOS; Windows: FILE_MAP_COPY). */
    MAP_PRIVATE,
    /** As MAP_SHARED, but the kernel rejects flags it does not know with EOPNOTSUPP (Linux 4.15+). */
    MAP_SHARED_VALIDATE,
    /** Place the mapping exactly at addr, replacing what is there (Linux, macOS; only inside a {@link Reservation}). */
    MAP_FIXED,
    /** Place the mapping exactly at addr, failing with EEXIST if anything is there (Linux 4.17+). */
    MAP_FIXED_NOREPLACE,
    /** Memory not backed by a file, zero-filled; fd must be -1 (Linux, macOS; Windows: a paging-file section). */
    MAP_ANONYMOUS,
    /** Place the mapping in the first 2 GiB of the address space (Linux x86-64). */
    MAP_32BIT,
    /** A stack that grows downward (Linux). */
    MAP_GROWSDOWN,
    /** Ignored by the kernel; kept for source compatibility (Linux). */
    MAP_DENYWRITE,
    /** Ignored by the kernel; kept for source compatibility (Linux). */
    MAP_EXECUTABLE,
    /** Lock the pages in memory as mlock(2) would, best effort (Linux). */
    MAP_LOCKED,
    /** Reserve no swap space for the mapping (Linux). */
    MAP_NORESERVE,
    /** Prefault the page tables: read the whole file in now (Linux; elsewhere advise MADV_WILLNEED). */
    MAP_POPULATE,
    /** With MAP_POPULATE: do not block on I/O (Linux; ignored since 2.6.23). */
    MAP_NONBLOCK,
    /** An address suitable for a thread stack (Linux). */
    MAP_STACK,
    /** Back the mapping with huge pages from the hugetlb pool (Linux). */
    MAP_HUGETLB,
    /** With MAP_SHARED_VALIDATE on a DAX file: writes are durable once the CPU stores complete (Linux 4.15+). */
    MAP_SYNC,
    /** Do not zero anonymous pages; honoured only by kernels built for it (Linux). */
    MAP_UNINITIALIZED,
    /** With MAP_HUGETLB: use 2 MiB huge pages (Linux). */
    MAP_HUGE_2MB,
    /** With MAP_HUGETLB: use 1 GiB huge pages (Linux). */
    MAP_HUGE_1GB,
    /** Keep the pages out of the unified buffer cache where possible (macOS only). */
    MAP_NOCACHE,
    /** Memory for just-in-time compiled code, writable and executable in turn (macOS only). */
    MAP_JIT,
    /** Do not extend the file to cover the mapping (macOS only). */
    MAP_NOEXTEND,
    /** The region may contain semaphores (macOS only). */
    MAP_HASSEMAPHORE;
}
