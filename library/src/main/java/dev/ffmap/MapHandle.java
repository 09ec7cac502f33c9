package dev.ffmap;

import dev.ffmap.internal.Os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@link MappedFile} holds behind Python's methods: the {@link Mapping}, the descriptor it
 * tracks, the lock that serializes the position, the descriptor and resize, and the one guarded
 * way every method touches the memory ({@link #indexed}, {@link #positioned}, {@link #copyOf}):
 * close and resize wait for the access, a fault of a truncated file comes out as
 * {@link MappingFaultException}, and a closed map as Python's "mmap closed or invalid".
 */
final class MapHandle {
    private final Os os;
    private final Mapping mapping;
    /** Serializes the position, the descriptor and resize. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Our own descriptor of the file, or -1. Changed with {@link #lock} held. */
    private volatile int fd;

    MapHandle(Os os, Mapping mapping, int fd) {
        this.os = os;
        this.mapping = mapping;
        this.fd = fd;
    }

    Mapping mapping() {
        return mapping;
    }

    /** An operation on the current segment. */
    interface SegmentOp<R> {
        R apply(MemorySegment s);
    }

    /** The current segment; Python's "closed" error once the map is closed. */
    MemorySegment bytes() {
        if (mapping.isClosed()) {
            throw closed(null);
        }
        try {
            return mapping.segment();
        } catch (IllegalStateException e) {
            throw closed(e);
        }
    }

    static IllegalStateException closed(Throwable cause) {
        return new IllegalStateException("mmap closed or invalid: this MappedFile is closed", cause);
    }

    /**
     * Runs an index-based op on the current segment as one guarded access (see
     * {@link Mapping#guarded}). A closed map throws; an op that overlapped a resize (its segment
     * died, the map did not) runs again on the new segment. Ops are idempotent, so a repeat is
     * harmless.
     */
    <R> R indexed(SegmentOp<R> op) {
        while (true) {
            MemorySegment s = bytes();
            try {
                return mapping.guarded(op::apply, s, this::fileSizeOrUnknown);
            } catch (IllegalStateException e) {
                if (mapping.isClosed()) {
                    throw closed(e);
                }
                if (s.scope().isAlive()) {
                    throw e;
                }
            }
        }
    }

    /** Runs a position op under the lock, which excludes resize; a close meanwhile throws. */
    <R> R positioned(SegmentOp<R> op) {
        lock.lock();
        try {
            return indexed(op);
        } finally {
            lock.unlock();
        }
    }

    /** A step that reaches the kernel, run under the lock ({@link #locked}). */
    interface KernelStep<R> {
        R run() throws MmapException;
    }

    /** Runs {@code step} under the lock: with the descriptor and the size of the map held still. */
    <R> R locked(KernelStep<R> step) throws MmapException {
        lock.lock();
        try {
            return step.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A copy of {@code count} bytes of {@code s} (a segment of this map, or a slice of one) from
     * {@code from}, as one guarded access; for {@link Latin1Chars}. Unlike {@link #indexed} it is
     * not redone after a resize: the segment is dead then, and so is what was made from it.
     */
    byte[] copyOf(MemorySegment s, long from, int count) {
        try {
            return mapping.guarded(seg -> {
                byte[] out = new byte[count];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, from, out, 0, count);
                return out;
            }, s, this::fileSizeOrUnknown);
        } catch (IllegalStateException e) {
            throw mapping.isClosed() ? closed(e) : e;
        }
    }

    /** The file's size now through our descriptor (or the path), or -1; for fault messages. */
    private long fileSizeOrUnknown() {
        int f = fd;
        try {
            if (f >= 0) {
                return os.fstat(f).size();
            }
            Path p = mapping.path();
            return p == null ? -1 : Files.size(p);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The tracked descriptor, or Python's EBADF when there is none. Called with the lock held. */
    int descriptor(String what) throws MmapException {
        if (fd >= 0) {
            return fd;
        }
        try {
            os.fstat(-1); // the kernel's own EBADF, as Python gets it
            throw new AssertionError("fstat(-1) succeeded");
        } catch (MmapException e) {
            throw new MmapException(e, what + " needs the file, and this map keeps no descriptor of one"
                    + " (it is anonymous memory, or was made with trackFd(false))");
        }
    }

    /** Unmaps, then closes the descriptor (released even if close fails). Idempotent. */
    void close() {
        mapping.close();
        lock.lock();
        try {
            if (fd >= 0) {
                int f = fd;
                fd = -1;
                os.close(f);
            }
        } catch (MmapException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }
}
