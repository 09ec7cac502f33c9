package dev.ffmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reading or writing mapped memory faulted (the kernel sent SIGBUS), most often because the file
 * was truncated while mapped, by this process or another, so the pages past its new end no
 * longer exist. Thrown by the {@link MappedFile} methods and {@link Mapping#access} where the JVM
 * would otherwise throw a bare {@link InternalError} ("a fault occurred in an unsafe memory access
 * operation"); that error is the cause of this exception's cause.
 *
 * <p>The message names the mapping, the file, the mapped file range, the file's size when the
 * fault was seen and the range that is gone:
 * {@code /data/x.bin: access to file bytes [0, 65536) of Mapping[…] faulted: the file was
 * truncated (SIGBUS) to 4096 bytes, bytes [4096, 65536) are gone}. When the file still covers the
 * mapping, the fault was an I/O error reading the page in, or no space to allocate a page of a
 * sparse file ({@link MapOptions#withReserve(boolean)} avoids that one).
 *
 * <p>The mapping stays open and usable for the bytes the file still has; close it as usual.
 */
public final class MappingFaultException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    /** The file offset of the mapping's first byte. */
    private final long fileOffset;
    /** The number of bytes mapped. */
    private final long length;
    /** The file's size when the fault was seen, or -1 if it could not be read. */
    private final long fileSize;

    MappingFaultException(String mapping, Path path, long fileOffset, long length, long fileSize, InternalError fault) {
        super(message(mapping, path, fileOffset, length, fileSize), new IOException(fault.getMessage(), fault));
        this.path = path;
        this.fileOffset = fileOffset;
        this.length = length;
        this.fileSize = fileSize;
    }

    private static String message(String mapping, Path path, long offset, long length, long size) {
        long end = offset + length;
        String what;
        if (size < 0) {
            what = "the file was truncated (SIGBUS), or a page could not be read or allocated; its size is unknown";
        } else if (size < end) {
            what = String.format(Locale.ROOT, "the file was truncated (SIGBUS) to %d bytes, bytes [%d, %d) are gone",
                    size, Math.max(size, offset), end);
        } else {
            what = String.format(Locale.ROOT, "SIGBUS, though the file (%d bytes) covers the mapping: an I/O error"
                    + " reading a page, or no space to allocate a page of a sparse file", size);
        }
        return String.format(Locale.ROOT, "%s: access to file bytes [%d, %d) of %s faulted: %s",
                path == null ? "anonymous memory" : path, offset, end, mapping, what);
    }

    /**
     * The mapped file.
     *
     * @return the file's path, or {@code null} for anonymous or shared memory (and after
     *         deserialization, as the path is not serialized)
     */
    public Path path() {
        return path;
    }

    /**
     * The file offset of the mapping's first byte.
     *
     * @return the offset in bytes from the start of the file
     */
    public long fileOffset() {
        return fileOffset;
    }

    /**
     * The number of bytes mapped.
     *
     * @return the mapping's length in bytes, starting at {@link #fileOffset()}
     */
    public long length() {
        return length;
    }

    /**
     * The file's size when the fault was seen.
     *
     * @return the size in bytes, or -1 if it could not be read
     */
    public long fileSize() {
        return fileSize;
    }

    /**
     * Whether the file was shorter than the mapping when the fault was seen.
     *
     * @return {@code true} if the file's size was known and ended before
     *         {@code fileOffset() + length()}
     */
    public boolean truncated() {
        return fileSize >= 0 && fileSize < fileOffset + length;
    }
}
