package dev.ffmap;

/** The {@code advice} argument of madvise(2): how the program will use a range of pages. */
public enum Advice implements NativeFlag {
    /** No special treatment (Linux, macOS; Windows: nothing to ask for). */
    MADV_NORMAL,
    /** Pages will be accessed in random order: read ahead less (Linux, macOS). */
    MADV_RANDOM,
    /** Pages will be accessed in order: read ahead aggressively, drop pages behind (Linux, macOS). */
    MADV_SEQUENTIAL,
    /** Pages will be needed soon: start reading them in (Linux, macOS; Windows: PrefetchVirtualMemory). */
    MADV_WILLNEED,
    /** Pages are not needed: drop them; file pages are read again, private anonymous ones read as zero (Linux, macOS). */
    MADV_DONTNEED,
    /** Private anonymous pages may be freed lazily, whenever memory is short (Linux 4.5+, macOS). */
    MADV_FREE,
    /** Free the range and its backing store: punch a hole (Linux, shmem and some file systems). */
    MADV_REMOVE,
    /** Do not copy the range into a child on fork (Linux). */
    MADV_DONTFORK,
    /** Undo MADV_DONTFORK (Linux). */
    MADV_DOFORK,
    /** Let KSM merge identical pages of the range (Linux). */
    MADV_MERGEABLE,
    /** Undo MADV_MERGEABLE (Linux). */
    MADV_UNMERGEABLE,
    /** Back the range with transparent huge pages (Linux). */
    MADV_HUGEPAGE,
    /** Never back the range with transparent huge pages (Linux). */
    MADV_NOHUGEPAGE,
    /** Leave the range out of core dumps (Linux). */
    MADV_DONTDUMP,
    /** Undo MADV_DONTDUMP (Linux). */
    MADV_DODUMP,
    /** A child after fork sees the range zero-filled (Linux 4.14+). */
    MADV_WIPEONFORK,
    /** Undo MADV_WIPEONFORK (Linux 4.14+). */
    MADV_KEEPONFORK,
    /** Deactivate the pages: reclaim them first when memory is short (Linux 5.4+). */
    MADV_COLD,
    /** Reclaim the pages now: write them out and drop them from the page cache (Linux 5.4+). */
    MADV_PAGEOUT,
    /** Prefault the page tables readable, like MAP_POPULATE on a live mapping (Linux 5.14+). */
    MADV_POPULATE_READ,
    /** Prefault the page tables writable, breaking copy-on-write (Linux 5.14+). */
    MADV_POPULATE_WRITE,
    /** As MADV_DONTNEED, also for locked pages (Linux 5.18+). */
    MADV_DONTNEED_LOCKED,
    /** Collapse the range into transparent huge pages now (Linux 6.1+). */
    MADV_COLLAPSE,
    /** Poison the pages as if memory had failed; needs CAP_SYS_ADMIN (Linux, for testing). */
    MADV_HWPOISON,
    /** Soft-offline the pages: migrate them away (Linux, for testing). */
    MADV_SOFT_OFFLINE,
    /** The pages may be reused by the system; their contents are lost (macOS only). */
    MADV_FREE_REUSABLE,
    /** Take back pages marked MADV_FREE_REUSABLE (macOS only). */
    MADV_FREE_REUSE,
    /** Zero wired pages when the range is unmapped (macOS only). */
    MADV_ZERO_WIRED_PAGES;

    /**
     * Whether the advice throws away the contents of the pages it covers. Such a range is never
     * widened to whole pages, since that would drop bytes outside it: an unaligned start fails
     * with the kernel's EINVAL instead.
     */
    boolean dropsData() {
        return switch (this) {
            case MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTNEED_LOCKED, MADV_HWPOISON,
                 MADV_FREE_REUSABLE, MADV_ZERO_WIRED_PAGES -> true;
            default -> false;
        };
    }
}
