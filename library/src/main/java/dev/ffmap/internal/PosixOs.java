package dev.ffmap.internal;

import dev.ffmap.MmapException;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * What the POSIX backends (Linux, macOS) share: the mmap family, open/close/ftruncate, fcntl and
 * POSIX shared memory, each through an errno-capturing handle the subclass builds from its own
 * generated bindings, and the one failure path that names call, arguments and errno.
 */
abstract sealed class PosixOs extends AbstractOs permits LinuxOs, DarwinOs {
    /** mmap's and mremap's failure value, (void *) -1. */
    static final long MAP_FAILED = -1L;

    /**
     * The platform's handles, each taking the errno capture buffer first, and the few values the
     * shared code needs. A record, so its fields are trusted finals the JIT folds.
     *
     * @param open     open(path, flags, ...) with the mode as the first variadic argument
     * @param fcntl    fcntl(fd, cmd, ...) with one int variadic argument
     * @param shmOpen  shm_open(name, flags, mode); on macOS with the mode as a variadic argument
     * @param strerror strerror(3), read into a Java string
     * @param bindings the generated class whose {@code E*} constants name errno values
     */
    record Calls(Downcalls.Lazy mmap, Downcalls.Lazy munmap, Downcalls.Lazy msync, Downcalls.Lazy madvise,
                 Downcalls.Lazy mprotect, Downcalls.Lazy mlock, Downcalls.Lazy munlock, Downcalls.Lazy mincore,
                 Downcalls.Lazy close, Downcalls.Lazy ftruncate, Downcalls.Lazy open, Downcalls.Lazy fcntl,
                 Downcalls.Lazy shmOpen, Downcalls.Lazy shmUnlink, IntFunction<String> strerror, Class<?> bindings,
                 int fGetfd, int fSetfd, int fdCloexec, int fDupfdCloexec) {
    }

    /**
     * The lowest addresses, left unmapped: Linux's usual vm.mmap_min_addr, which a process with
     * CAP_SYS_RAWIO (root) may go below. The JVM turns faults there into NullPointerException.
     */
    static final long LOW_MEMORY = 64 * 1024;

    private final Calls calls;
    /** MAP_FIXED|MAP_FIXED_NOREPLACE: the flags that make mmap's address exact instead of a hint. */
    private final int exactAddress;
    private final int noReplace;

    PosixOs(String name, Constants constants, long pageSize, Calls calls) {
        super(name, constants, pageSize);
        this.calls = calls;
        this.noReplace = constant("MAP_FIXED_NOREPLACE").orElse(0);
        this.exactAddress = constant("MAP_FIXED").orElse(0) | noReplace;
    }

    @Override
    public long allocationGranularity() {
        return pageSize();
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws MmapException {
        if ((flags & exactAddress) != 0 && Long.compareUnsigned(addr, LOW_MEMORY) < 0) {
            // Every entry point ends here: a privileged process would get page 0, and null would stop faulting.
            throw new IllegalArgumentException(describe("MAP", flags & exactAddress) + " at " + hex(addr)
                    + " would map the lowest " + LOW_MEMORY + " bytes, which the JVM needs unmapped (it turns faults"
                    + " there into NullPointerException); a privileged process would get them");
        }
        MemorySegment st = Errno.state();
        long r;
        try {
            r = (long) calls.mmap().get().invokeExact(st, addr, length, prot, flags, fd, offset);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r == MAP_FAILED) {
            throw failure(st, "mmap", "addr=%s, len=%d, %s, %s, fd=%d, off=%d",
                    hex(addr), length, describe("PROT", prot), describe("MAP", flags), fd, offset);
        }
        if ((flags & noReplace) != 0 && r != addr) {
            // A kernel before 4.17 (and qemu-user) takes MAP_FIXED_NOREPLACE as a hint: mmap(2) says to
            // check the address and treat another one as the EEXIST a newer kernel would give.
            munmap(r, length);
            throw failure(Errno.number(calls.bindings(), "EEXIST"), "mmap", "addr=%s, len=%d, %s, %s, fd=%d, off=%d (mapped at %s instead)",
                    hex(addr), length, describe("PROT", prot), describe("MAP", flags), fd, offset, hex(r));
        }
        return r;
    }

    @Override
    public void munmap(long addr, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.munmap().get().invokeExact(st, addr, length);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "munmap", "addr=%s, len=%d", hex(addr), length);
        }
    }

    @Override
    public void msync(long addr, long length, int flags) throws MmapException {
        rangeCall(calls.msync(), "msync", addr, length, flags, "MS");
    }

    @Override
    public void madvise(long addr, long length, int advice) throws MmapException {
        rangeCall(calls.madvise(), "madvise", addr, length, advice, "MADV");
    }

    @Override
    public void mprotect(long addr, long length, int prot) throws MmapException {
        rangeCall(calls.mprotect(), "mprotect", addr, length, prot, "PROT");
    }

    /** msync, madvise and mprotect share the shape {@code int f(void *addr, size_t len, int flags)}. */
    private void rangeCall(Downcalls.Lazy handle, String call, long addr, long length, int flags, String family)
            throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) handle.get().invokeExact(st, addr, length, flags);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, call, "addr=%s, len=%d, %s", hex(addr), length, describe(family, flags));
        }
    }

    @Override
    public void mlock(long addr, long length) throws MmapException {
        lockCall(calls.mlock(), "mlock", addr, length);
    }

    @Override
    public void munlock(long addr, long length) throws MmapException {
        lockCall(calls.munlock(), "munlock", addr, length);
    }

    private void lockCall(Downcalls.Lazy handle, String call, long addr, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) handle.get().invokeExact(st, addr, length);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, call, "addr=%s, len=%d", hex(addr), length);
        }
    }

    @Override
    public void mincore(long addr, long length, MemorySegment vec) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.mincore().get().invokeExact(st, addr, length, vec.address());
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "mincore", "addr=%s, len=%d, vec=%s", hex(addr), length, hex(vec.address()));
        }
    }

    @Override
    public int open(String path, int flags, int mode) throws MmapException {
        MemorySegment st = Errno.state();
        int fd;
        try {
            fd = (int) calls.open().get().invokeExact(st, Scratch.string(path, StandardCharsets.UTF_8), flags, mode);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (fd == -1) {
            throw failure(st, "open", "\"%s\", %s, 0%o", path, describe("O", flags), mode);
        }
        return fd;
    }

    @Override
    public void close(int fd) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.close().get().invokeExact(st, fd);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "close", "fd=%d", fd);
        }
    }

    @Override
    public int dupCloexec(int fd) throws MmapException {
        return fcntl(fd, calls.fDupfdCloexec(), "F_DUPFD_CLOEXEC", 0, "0");
    }

    @Override
    public void setCloseOnExec(int fd, boolean on) throws MmapException {
        int flags = fcntl(fd, calls.fGetfd(), "F_GETFD", 0, "");
        int wanted = on ? flags | calls.fdCloexec() : flags & ~calls.fdCloexec();
        fcntl(fd, calls.fSetfd(), "F_SETFD", wanted, on ? "FD_CLOEXEC" : "0");
    }

    /** fcntl(2) with one int argument (commands without one ignore it); {@code argText} shows it in messages. */
    protected final int fcntl(int fd, int cmd, String cmdName, int arg, String argText) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.fcntl().get().invokeExact(st, fd, cmd, arg);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "fcntl", "fd=%d, %s%s", fd, cmdName, argText.isEmpty() ? "" : ", " + argText);
        }
        return rc;
    }

    @Override
    public int shmOpen(String name, int flags, int mode) throws MmapException {
        MemorySegment st = Errno.state();
        int fd;
        try {
            fd = (int) calls.shmOpen().get().invokeExact(st, Scratch.string(name, StandardCharsets.UTF_8), flags, mode);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (fd == -1) {
            throw failure(st, "shm_open", "\"%s\", %s, 0%o", name, describe("O", flags), mode);
        }
        return fd;
    }

    @Override
    public void shmUnlink(String name) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.shmUnlink().get().invokeExact(st, Scratch.string(name, StandardCharsets.UTF_8));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "shm_unlink", "\"%s\"", name);
        }
    }

    @Override
    public void ftruncate(int fd, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) calls.ftruncate().get().invokeExact(st, fd, length);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc == -1) {
            throw failure(st, "ftruncate", "fd=%d, len=%d", fd, length);
        }
    }

    /** The one failure path: a -1 from the call becomes an exception naming the call, its arguments and errno. */
    final MmapException failure(MemorySegment state, String call, String format, Object... args) {
        return failure(Errno.get(state), call, format, args);
    }

    /** The same for calls that return the error number instead of setting errno (posix_fallocate). */
    final MmapException failure(int errno, String call, String format, Object... args) {
        String errnoName = Errno.name(calls.bindings(), errno);
        return new MmapException(call, String.format(Locale.ROOT, format, args), errno, errnoName,
                calls.strerror().apply(errno));
    }

    static String hex(long value) {
        return Constants.hex(value);
    }

    /** The platform's {@code S_IF*} values, from its bindings: the type of a file from its {@code st_mode}. */
    record FileTypes(int mask, int regular, int directory, int fifo, int socket, int characterDevice, int blockDevice) {
        FileType of(int mode) {
            int type = mode & mask;
            if (type == regular) {
                return FileType.REGULAR;
            } else if (type == directory) {
                return FileType.DIRECTORY;
            } else if (type == fifo) {
                return FileType.FIFO;
            } else if (type == socket) {
                return FileType.SOCKET;
            } else if (type == characterDevice) {
                return FileType.CHARACTER_DEVICE;
            } else if (type == blockDevice) {
                return FileType.BLOCK_DEVICE;
            }
            return FileType.OTHER;
        }
    }
}
