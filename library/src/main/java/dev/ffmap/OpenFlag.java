package dev.ffmap;

/** Flags of open(2), for {@link Mman#open}. */
public enum OpenFlag implements NativeFlag {
    /** Open for reading only (Linux, macOS; Windows: GENERIC_READ). */
    O_RDONLY,
    /** Open for writing only (Linux, macOS; Windows: GENERIC_WRITE). */
    O_WRONLY,
    /** Open for reading and writing (Linux, macOS; Windows: GENERIC_READ|GENERIC_WRITE). */
    O_RDWR,
    /** Create the file if it does not exist, with the given mode (Linux, macOS; Windows: OPEN_ALWAYS, mode ignored). */
    O_CREAT,
    /** With O_CREAT: fail with EEXIST if the file exists (Linux, macOS; Windows: CREATE_NEW). */
    O_EXCL,
    /** Truncate an existing regular file to length 0 (Linux, macOS; Windows: CREATE_ALWAYS / TRUNCATE_EXISTING). */
    O_TRUNC,
    /** Writes go to the end of the file (Linux, macOS). */
    O_APPEND,
    /** Close the descriptor on exec, so child processes do not inherit it (Linux, macOS; Windows handles ffmap opens are never inherited). */
    O_CLOEXEC,
    /** Bypass the page cache where the file system allows it (Linux). */
    O_DIRECT,
    /** Writes wait for the data, not all metadata, to reach storage (Linux, macOS). */
    O_DSYNC,
    /** Writes wait for data and metadata to reach storage (Linux, macOS). */
    O_SYNC,
    /** Do not update the access time on reads (Linux). */
    O_NOATIME,
    /** Fail with ELOOP if the last path component is a symbolic link (Linux, macOS). */
    O_NOFOLLOW,
    /** Fail with ENOTDIR unless the path is a directory (Linux, macOS). */
    O_DIRECTORY,
    /** Create an unnamed temporary file in the given directory (Linux 3.11+). */
    O_TMPFILE,
    /** Open in non-blocking mode (Linux, macOS). */
    O_NONBLOCK;
}
