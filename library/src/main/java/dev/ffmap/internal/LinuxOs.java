package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.linux.Libc;
import dev.ffmap.bindings.linux.rlimit;
import dev.ffmap.bindings.linux.stat;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static dev.ffmap.internal.Downcalls.Pointer.OWNED;

/**
 * The Linux backend: glibc's mmap family through jextract bindings, each handle capturing errno,
 * plus what only Linux has (mremap, memfd and its seals). The only class that names {@code dev.ffmap.bindings.linux}.
 */
@SuppressWarnings("restricted")
final class LinuxOs extends PosixOs {
    private static final Downcalls.Lazy MMAP = Downcalls.lazy(() -> Downcalls.errno("mmap", Libc.mmap$address(), Libc.mmap$descriptor()));
    private static final Downcalls.Lazy MUNMAP = Downcalls.lazy(() -> Downcalls.errno("munmap", Libc.munmap$address(), Libc.munmap$descriptor()));
    private static final Downcalls.Lazy MSYNC = Downcalls.lazy(() -> Downcalls.errno("msync", Libc.msync$address(), Libc.msync$descriptor()));
    private static final Downcalls.Lazy MADVISE = Downcalls.lazy(() -> Downcalls.errno("madvise", Libc.madvise$address(), Libc.madvise$descriptor()));
    private static final Downcalls.Lazy MPROTECT = Downcalls.lazy(() -> Downcalls.errno("mprotect", Libc.mprotect$address(), Libc.mprotect$descriptor()));
    private static final Downcalls.Lazy MLOCK = Downcalls.lazy(() -> Downcalls.errno("mlock", Libc.mlock$address(), Libc.mlock$descriptor()));
    private static final Downcalls.Lazy MUNLOCK = Downcalls.lazy(() -> Downcalls.errno("munlock", Libc.munlock$address(), Libc.munlock$descriptor()));
    private static final Downcalls.Lazy MINCORE = Downcalls.lazy(() -> Downcalls.errno("mincore", Libc.mincore$address(), Libc.mincore$descriptor()));
    private static final Downcalls.Lazy CLOSE = Downcalls.lazy(() -> Downcalls.errno("close", Libc.close$address(), Libc.close$descriptor()));
    static final Downcalls.Lazy FSTAT = Downcalls.lazy(() -> Downcalls.errno("fstat", Libc.fstat$address(), Libc.fstat$descriptor(), OWNED));
    private static final Downcalls.Lazy FTRUNCATE = Downcalls.lazy(() -> Downcalls.errno("ftruncate", Libc.ftruncate$address(), Libc.ftruncate$descriptor()));
    /** open(path, flags, ...) and mremap(old, len, len, flags, ...): variadic, so the mode / new address is passed as a variadic argument. */
    static final Downcalls.Lazy OPEN = Downcalls.lazy(() -> Downcalls.errnoVariadic("open", Libc.open.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_POINTER, Libc.C_INT, Libc.C_INT), 2, OWNED));
    private static final Downcalls.Lazy MREMAP = Downcalls.lazy(() -> Downcalls.errnoVariadic("mremap", Libc.mremap.address(),
            FunctionDescriptor.of(Libc.C_POINTER, Libc.C_POINTER, Libc.C_LONG, Libc.C_LONG, Libc.C_INT, Libc.C_POINTER), 4));
    /** fcntl(fd, cmd, ...): variadic; every command ffmap uses takes one int argument. */
    private static final Downcalls.Lazy FCNTL = Downcalls.lazy(() -> Downcalls.errnoVariadic("fcntl", Libc.fcntl.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_INT, Libc.C_INT), 2));
    static final Downcalls.Lazy SHM_OPEN = Downcalls.lazy(() -> Downcalls.errno("shm_open", Libc.shm_open$address(), Libc.shm_open$descriptor(), OWNED));
    static final Downcalls.Lazy SHM_UNLINK = Downcalls.lazy(() -> Downcalls.errno("shm_unlink", Libc.shm_unlink$address(), Libc.shm_unlink$descriptor(), OWNED));
    /** posix_fallocate returns the error number itself and leaves errno alone: no state to capture. */
    private static final Downcalls.Lazy POSIX_FALLOCATE = Downcalls.lazy(() -> Downcalls.plain("posix_fallocate",
            Libc.posix_fallocate$address(), Libc.posix_fallocate$descriptor()));
    /** posix_fadvise, too, returns the error number. */
    private static final Downcalls.Lazy POSIX_FADVISE = Downcalls.lazy(() -> Downcalls.plain("posix_fadvise",
            Libc.posix_fadvise$address(), Libc.posix_fadvise$descriptor()));
    private static final Downcalls.Lazy GETRLIMIT = Downcalls.lazy(() -> Downcalls.errno("getrlimit", Libc.getrlimit$address(),
            Libc.getrlimit$descriptor(), OWNED));
    static final Downcalls.Lazy MEMFD_CREATE = Downcalls.lazy(() -> Downcalls.errno("memfd_create", Libc.memfd_create$address(),
            Libc.memfd_create$descriptor(), OWNED));

    LinuxOs(String name) {
        super(name, LinuxConstants.table(), Libc.sysconf(Libc._SC_PAGESIZE()), new Calls(MMAP, MUNMAP, MSYNC, MADVISE,
                MPROTECT, MLOCK, MUNLOCK, MINCORE, CLOSE, FTRUNCATE, OPEN, FCNTL, SHM_OPEN, SHM_UNLINK,
                errno -> Libc.strerror(errno).getString(0), Libc.class,
                Libc.F_GETFD(), Libc.F_SETFD(), Libc.FD_CLOEXEC(), Libc.F_DUPFD_CLOEXEC()));
    }

    @Override
    public long mremap(long oldAddr, long oldLength, long newLength, int flags, long newAddr) throws MmapException {
        MemorySegment st = Errno.state();
        long r;
        try {
            r = (long) MREMAP.get().invokeExact(st, oldAddr, oldLength, newLength, flags, newAddr);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r == MAP_FAILED) {
            throw failure(st, "mremap", "old=%s, old_len=%d, new_len=%d, %s, new=%s",
                    hex(oldAddr), oldLength, newLength, describe("MREMAP", flags), hex(newAddr));
        }
        return r;
    }

    @Override
    public void addSeals(int fd, int seals) throws MmapException {
        fcntl(fd, Libc.F_ADD_SEALS(), "F_ADD_SEALS", seals, describe("F_SEAL", seals));
    }

    @Override
    public int seals(int fd) throws MmapException {
        return fcntl(fd, Libc.F_GET_SEALS(), "F_GET_SEALS", 0, "");
    }

    @Override
    public int memfdCreate(String name, boolean allowSealing) throws MmapException {
        int flags = Libc.MFD_CLOEXEC() | (allowSealing ? Libc.MFD_ALLOW_SEALING() : 0);
        MemorySegment st = Errno.state();
        int fd;
        try {
            fd = (int) MEMFD_CREATE.get().invokeExact(st, Scratch.string(name, StandardCharsets.UTF_8), flags);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (fd == -1) {
            throw failure(st, "memfd_create", "\"%s\", %s", name, allowSealing ? "MFD_CLOEXEC|MFD_ALLOW_SEALING" : "MFD_CLOEXEC");
        }
        return fd;
    }

    @Override
    public void fallocate(int fd, long offset, long length) throws MmapException {
        int rc;
        try {
            rc = (int) POSIX_FALLOCATE.get().invokeExact(fd, offset, length);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc != 0) {
            throw failure(rc, "posix_fallocate", "fd=%d, offset=%d, len=%d", fd, offset, length);
        }
    }

    @Override
    public void fadvise(int fd, long offset, long length, int advice) throws MmapException {
        int rc;
        try {
            rc = (int) POSIX_FADVISE.get().invokeExact(fd, offset, length, advice);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc != 0) {
            throw failure(rc, "posix_fadvise", "fd=%d, offset=%d, len=%d, %s", fd, offset, length,
                    describe("POSIX_FADV", advice));
        }
    }

    @Override
    public OptionalLong memlockLimit() {
        MemorySegment st = Errno.state();
        MemorySegment limit = Scratch.get(rlimit.layout().byteSize());
        int rc;
        try {
            rc = (int) GETRLIMIT.get().invokeExact(st, Libc.RLIMIT_MEMLOCK(), limit);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        long soft = rlimit.rlim_cur(limit);
        // RLIM_INFINITY is all ones: -1 as a Java long.
        return rc == -1 ? OptionalLong.empty() : OptionalLong.of(soft == -1 ? Long.MAX_VALUE : soft);
    }

    @Override
    public FileInfo fstat(int fd) throws MmapException {
        MemorySegment st = Errno.state();
        MemorySegment buf = Scratch.get(stat.layout().byteSize());
        int rc;
        try {
            rc = (int) FSTAT.get().invokeExact(st, fd, buf);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "fstat", "fd=%d", fd);
        }
        return new FileInfo(stat.st_size(buf), fileType(stat.st_mode(buf) & Libc.S_IFMT()));
    }

    /** The type of {@code st_mode & S_IFMT}. */
    private static FileType fileType(int type) {
        if (type == Libc.S_IFREG()) {
            return FileType.REGULAR;
        } else if (type == Libc.S_IFDIR()) {
            return FileType.DIRECTORY;
        } else if (type == Libc.S_IFIFO()) {
            return FileType.FIFO;
        } else if (type == Libc.S_IFSOCK()) {
            return FileType.SOCKET;
        } else if (type == Libc.S_IFCHR()) {
            return FileType.CHARACTER_DEVICE;
        } else if (type == Libc.S_IFBLK()) {
            return FileType.BLOCK_DEVICE;
        }
        return FileType.OTHER;
    }
}
