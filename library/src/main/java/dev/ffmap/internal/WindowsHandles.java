package dev.ffmap.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Windows backend's descriptor table: small ints standing for HANDLEs, so the layers above
 * pass an {@code int} as they do on POSIX. An entry is either a file (CreateFileW) or a named
 * section (CreateFileMappingW, OpenFileMappingW). A section has no file size to ask kernel32 for,
 * so its size is kept with its handle. No downcalls: the same wherever it runs (and tested on Linux).
 *
 * <p>Thread-safe; numbers are never reused, so a stale descriptor fails instead of reaching
 * another handle.
 */
final class WindowsHandles {
    /** A HANDLE and what it is: a file, or a named section of {@code size} bytes. */
    record Handle(long value, boolean section, long size) {
        static Handle file(long value) {
            return new Handle(value, false, -1L);
        }

        static Handle section(long value, long size) {
            if (size <= 0) {
                throw new IllegalArgumentException("A section's size must be positive: " + size);
            }
            return new Handle(value, true, size);
        }

        /** The same kind of entry for another HANDLE, e.g. a duplicate of this one. */
        Handle withValue(long other) {
            return new Handle(other, section, size);
        }
    }

    /** 0-2 stay free, so a handle is never mistaken for a standard stream. */
    private final AtomicInteger next = new AtomicInteger(3);
    private final Map<Integer, Handle> table = new ConcurrentHashMap<>();

    int add(Handle handle) {
        int fd = next.getAndIncrement();
        table.put(fd, handle);
        return fd;
    }

    Handle get(int fd) {
        Handle h = table.get(fd);
        if (h == null) {
            throw notOpen(fd);
        }
        return h;
    }

    /** Takes the entry out of the table; closing its HANDLE is the caller's job. */
    Handle remove(int fd) {
        Handle h = table.remove(fd);
        if (h == null) {
            throw notOpen(fd);
        }
        return h;
    }

    private static IllegalArgumentException notOpen(int fd) {
        return new IllegalArgumentException("Not an open descriptor: " + fd);
    }
}
