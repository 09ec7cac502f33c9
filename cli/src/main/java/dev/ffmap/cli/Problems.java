package dev.ffmap.cli;

import dev.ffmap.MmapException;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** What went wrong with one file, in the words of the call that failed, errno name included. */
final class Problems {
    private Problems() {
    }

    /**
     * The reason to print after the file's name: the failed call with its errno
     * ({@code open("f", O_RDONLY|O_CLOEXEC, 0) failed: EACCES (Permission denied)}) where
     * ffmap made it, or the errno the JDK's exception stands for.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MmapException m) {
                return m.getMessage();
            }
        }
        return switch (e) {
            case NoSuchFileException n -> "No such file or directory (ENOENT)";
            case AccessDeniedException a -> "Permission denied (EACCES)";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }
}
