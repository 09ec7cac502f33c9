package dev.ffmap.cli;

import dev.ffmap.MmapException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/** What went wrong, in the words of the call that failed, errno name included. */
final class Problems {
    /*
     * The JDK words most errors as strerror(3) text only; these are Linux's texts for the errnos
     * a file command meets, so that each message also carries the errno's name.
     */
    private static final Map<String, String> ERRNO = Map.ofEntries(
            Map.entry("Operation not permitted", "EPERM"),
            Map.entry("Input/output error", "EIO"),
            Map.entry("No such device or address", "ENXIO"),
            Map.entry("Device or resource busy", "EBUSY"),
            Map.entry("Is a directory", "EISDIR"),
            Map.entry("Invalid argument", "EINVAL"),
            Map.entry("Too many open files", "EMFILE"),
            Map.entry("File too large", "EFBIG"),
            Map.entry("No space left on device", "ENOSPC"),
            Map.entry("Read-only file system", "EROFS"),
            Map.entry("File name too long", "ENAMETOOLONG"),
            Map.entry("Too many levels of symbolic links", "ELOOP"),
            Map.entry("Disk quota exceeded", "EDQUOT"),
            Map.entry("Operation not supported", "EOPNOTSUPP"),
            Map.entry("No such device", "ENODEV"),
            Map.entry("Text file busy", "ETXTBSY"),
            Map.entry("Stale file handle", "ESTALE"));

    private Problems() {
    }

    /**
     * The reason to print after a file's name: the failed call with its errno
     * ({@code open("f", O_RDONLY|O_CLOEXEC, 0) failed: EACCES (Permission denied)}) where
     * ffmap made it, or the errno the JDK's exception stands for, e.g.
     * {@code No such file or directory (ENOENT)}.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MmapException m) {
                return m.getMessage();
            }
        }
        String named = switch (e) {
            case NoSuchFileException n -> "No such file or directory (ENOENT)";
            case AccessDeniedException a -> "Permission denied (EACCES)";
            case FileAlreadyExistsException f -> "File exists (EEXIST)";
            case NotDirectoryException n -> "Not a directory (ENOTDIR)";
            case DirectoryNotEmptyException d -> "Directory not empty (ENOTEMPTY)";
            default -> null;
        };
        if (named != null) {
            String more = ((FileSystemException) e).getReason();
            return more == null ? named : named + "; " + more;
        }
        return e instanceof FileSystemException f && f.getReason() != null ? withErrno(f.getReason())
                : withErrno(String.valueOf(e.getMessage()));
    }

    /** {@code e}, which came from work on {@code path}, as an exception that names the path. */
    static FileSystemException about(Path path, IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f;
        }
        FileSystemException named = new FileSystemException(path.toString(), null, reason(e));
        named.initCause(e);
        return named;
    }

    /** {@link #reason} led by the path(s) the JDK's exception names, for messages not already about one file. */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String paths = f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
            return paths + ": " + reason(e);
        }
        return reason(e);
    }

    private static String withErrno(String text) {
        String name = ERRNO.get(text);
        return name == null ? text : text + " (" + name + ")";
    }
}
