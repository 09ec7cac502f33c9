package dev.ffmap;

/**
 * Seals of a memfd, for {@link SharedMemory#seal}: once set, a seal holds for every descriptor
 * and mapping of the file, in every process, until the file is gone (fcntl(2), memfd_create(2)).
 */
public enum SealFlag implements NativeFlag {
    /** No more seals can be added (Linux 3.17+). */
    F_SEAL_SEAL,
    /** The file cannot shrink: ftruncate to a smaller size fails with EPERM (Linux 3.17+). */
    F_SEAL_SHRINK,
    /** The file cannot grow: ftruncate or writes past the end fail with EPERM (Linux 3.17+). */
    F_SEAL_GROW,
    /**
     * The contents cannot change: writable shared mappings fail with EPERM; adding the seal
     * fails with EBUSY while one exists (Linux 3.17+).
     */
    F_SEAL_WRITE,
    /** New writes are refused, but writable mappings that exist keep working (Linux 5.1+). */
    F_SEAL_FUTURE_WRITE;
}
