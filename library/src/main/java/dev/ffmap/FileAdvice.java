package dev.ffmap;

/**
 * The {@code advice} argument of posix_fadvise(2): how the program will use a range of an open
 * file, whether or not it is mapped. Unlike {@link Advice} it acts on the file's page cache, not on
 * one process's mapping, so {@link #POSIX_FADV_DONTNEED} can empty the cache of a file that other
 * processes have read.
 */
public enum FileAdvice implements NativeFlag {
    /** No special treatment (Linux). */
    POSIX_FADV_NORMAL,
    /** The range will be read in order: read ahead twice as far (Linux). */
    POSIX_FADV_SEQUENTIAL,
    /** The range will be read in random order: no read-ahead (Linux). */
    POSIX_FADV_RANDOM,
    /** The range will be needed soon: start reading it into the page cache now (Linux). */
    POSIX_FADV_WILLNEED,
    /**
     * The range will not be needed: start writing back its dirty pages, then drop its clean
     * pages that no process has mapped from the page cache (Linux). Pages still dirty or mapped
     * stay, and so does a cached folio (up to 2 MiB on ext4 with large folios) that the range
     * covers only in part.
     */
    POSIX_FADV_DONTNEED,
    /** The range will be read once (Linux: accepted, no effect before 6.3). */
    POSIX_FADV_NOREUSE
}
