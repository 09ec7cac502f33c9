package dev.ffmap;

import dev.ffmap.internal.Os;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The file side of mapping: opening the file without ever blocking, checking the range against
 * it, growing it when asked, and mmap of it; and cutting it back if a later step fails, so that
 * a failed call leaves the file as it was. {@link Mapping}, {@link MappedFile} and
 * {@link SharedMemory} map files through here.
 */
final class FileMapper {
    /** O_RDONLY and O_RDWR with O_CLOEXEC and, where the OS has it, O_NONBLOCK; computed once. */
    private static final int READ_FLAGS = flags(OpenFlag.O_RDONLY);
    private static final int WRITE_FLAGS = flags(OpenFlag.O_RDWR);

    private FileMapper() {
    }

    private static int flags(OpenFlag access) {
        EnumSet<OpenFlag> flags = EnumSet.of(access, OpenFlag.O_CLOEXEC);
        if (OpenFlag.O_NONBLOCK.isSupported()) {
            flags.add(OpenFlag.O_NONBLOCK);
        }
        return NativeFlag.mask(flags);
    }

    /**
     * O_RDWR or O_RDONLY, close-on-exec and non-blocking where the OS has it: opening a FIFO
     * would otherwise wait for a writer, forever; {@link #mmapFile} then refuses it.
     */
    static int openFlags(boolean write) {
        return write ? WRITE_FLAGS : READ_FLAGS;
    }

    /** open(2) with the errors NIO users expect: NoSuchFileException, AccessDeniedException … */
    static int open(Os os, Path path, int oflags) throws IOException {
        try {
            return os.open(path.toString(), oflags, 0);
        } catch (MmapException e) {
            IOException nio = switch (e.errnoName()) {
                case "ENOENT", "ERROR_FILE_NOT_FOUND", "ERROR_PATH_NOT_FOUND" -> new NoSuchFileException(path.toString(), null, e.getMessage());
                case "EACCES", "EPERM", "EROFS", "ERROR_ACCESS_DENIED", "ERROR_SHARING_VIOLATION" -> new AccessDeniedException(path.toString(), null, e.getMessage());
                case "EISDIR" -> new FileSystemException(path.toString(), null, "Is a directory, not a file to map");
                default -> null;
            };
            if (nio == null) {
                throw e;
            }
            nio.initCause(e);
            throw nio;
        }
    }

    /** Checks what every file mapping refuses, then opens {@code path} for the options' access. */
    static int openFor(Os os, Path path, MapOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        if (options.flags().contains(MapFlag.MAP_ANONYMOUS)) {
            throw new IllegalArgumentException("MAP_ANONYMOUS maps no file: use Mapping.anonymous");
        }
        if (options.reserve() && !options.writesReachFile()) {
            throw new IllegalArgumentException("withReserve(true) reserves blocks for writes that reach the file:"
                    + " it needs PROT_WRITE and MAP_SHARED, not " + options.prot() + " " + options.flags());
        }
        return open(os, path, openFlags(options.writesReachFile() || options.grow()));
    }

    static void closeAfterFailure(Os os, int fd, Throwable failure) {
        try {
            os.close(fd);
        } catch (MmapException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * What one mmap of a file made: the mapping starts at {@code base}, the bytes asked for
     * {@code delta} bytes into it, {@code length} of them.
     */
    record Mapped(long base, long delta, long length) {
    }

    /**
     * Sizes the file if the options say so, then maps it. If the mmap fails after the file was
     * extended (grow or reserve), the file is cut back to the size it had: a failed call leaves
     * the file as it was.
     */
    static Mapped mmapFile(Os os, Path path, int fd, MapOptions options) throws IOException {
        Os.FileInfo info = os.fstat(fd);
        if (!info.type().mappable()) {
            throw new FileSystemException(String.valueOf(path), null, "Is a " + info.type() + ", which mmap cannot map");
        }
        long offset = options.offset();
        long length = fileLength(path, info, options);
        long oldSize = info.size();
        boolean grows = info.regular() && (options.reserve() || options.grow()) && offset + length > oldSize;
        try {
            if (options.reserve()) {
                os.fallocate(fd, offset, length); // grows a short file too, which fileLength allowed only with grow
            } else if (grows) {
                os.ftruncate(fd, offset + length);
            }
            long aligned = alignDown(offset, os.allocationGranularity());
            long delta = offset - aligned;
            long base = os.mmap(0L, delta + length, NativeFlag.mask(options.prot()), NativeFlag.mask(options.flags()),
                    fd, aligned);
            return new Mapped(base, delta, length);
        } catch (Throwable t) {
            if (grows) {
                restoreSize(os, fd, oldSize, t);
            }
            throw t;
        }
    }

    /** Cuts the file back to {@code size} after {@code failure}; a failure to do so is added to it. */
    static void restoreSize(Os os, int fd, long size, Throwable failure) {
        try {
            os.ftruncate(fd, size);
        } catch (MmapException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The length to map: the requested one, checked against the file, or the rest of the file.
     * A file that is not a regular file (a device such as /dev/zero) has no size to check: it
     * needs a length, which is then taken as given.
     */
    private static long fileLength(Path path, Os.FileInfo info, MapOptions o) {
        long size = info.size();
        if (!info.regular()) {
            if (o.length() == 0) {
                throw new IllegalArgumentException("Cannot map the " + info.type() + " " + path
                        + " with length 0 (to end of file): it has no size; give a length");
            }
            return o.length();
        }
        if (o.length() == 0) {
            if (size == 0) {
                throw new IllegalArgumentException("Cannot map the empty file " + path
                        + " with length 0 (to end of file): give a length and withGrow(true)");
            }
            if (o.offset() >= size) {
                throw new IllegalArgumentException("Offset " + o.offset() + " is at or beyond the end of " + path
                        + " (size " + size + ")");
            }
            return size - o.offset();
        }
        long end = end(o.offset(), o.length());
        if (end > size && !o.grow()) {
            throw new IllegalArgumentException("Range [" + o.offset() + ", " + end + ") is beyond the end of " + path
                    + " (size " + size + "): use withGrow(true) to extend the file");
        }
        return o.length();
    }

    /**
     * Makes the file, open as {@code fd}, cover {@code length} bytes from {@code offset} for a
     * remap: extended with grow (reserved with reserve), refused without. Returns the size it had
     * if this changed it, else -1; a failure here leaves the size as it was.
     */
    static long cover(Os os, Path path, int fd, long offset, long length, boolean grow, boolean reserve) throws IOException {
        long end = end(offset, length);
        long size = os.fstat(fd).size();
        if (end > size && !grow) {
            throw new IllegalArgumentException("remap to " + length + " bytes would reach " + end
                    + ", beyond the end of " + path + " (size " + size + "); map withGrow(true) to extend it");
        }
        if (end <= size && !reserve) {
            return -1;
        }
        try {
            if (reserve) {
                os.fallocate(fd, offset, length);
            } else {
                os.ftruncate(fd, end);
            }
        } catch (Throwable t) {
            if (end > size) {
                restoreSize(os, fd, size, t);
            }
            throw t;
        }
        return end > size ? size : -1;
    }

    private static long end(long offset, long length) {
        try {
            return Math.addExact(offset, length);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Offset + length overflow: " + offset + " + " + length);
        }
    }

    static long alignDown(long value, long alignment) {
        return value - Math.floorMod(value, alignment);
    }
}
