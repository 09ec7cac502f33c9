package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.linux.Libc;
import dev.ffmap.bindings.linux.stat;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Linux backend: glibc's mmap family through jextract bindings, each handle capturing errno.
 * The only class that names {@code dev.ffmap.bindings.linux}.
 */
@SuppressWarnings("restricted")
final class LinuxOs implements Os {
    private static final MethodHandle MMAP = Errno.capturing(Libc.mmap$address(), Libc.mmap$descriptor());
    private static final MethodHandle MUNMAP = Errno.capturing(Libc.munmap$address(), Libc.munmap$descriptor());
    private static final MethodHandle MSYNC = Errno.capturing(Libc.msync$address(), Libc.msync$descriptor());
    private static final MethodHandle MADVISE = Errno.capturing(Libc.madvise$address(), Libc.madvise$descriptor());
    private static final MethodHandle MPROTECT = Errno.capturing(Libc.mprotect$address(), Libc.mprotect$descriptor());
    private static final MethodHandle MLOCK = Errno.capturing(Libc.mlock$address(), Libc.mlock$descriptor());
    private static final MethodHandle MUNLOCK = Errno.capturing(Libc.munlock$address(), Libc.munlock$descriptor());
    private static final MethodHandle MINCORE = Errno.capturing(Libc.mincore$address(), Libc.mincore$descriptor());
    private static final MethodHandle CLOSE = Errno.capturing(Libc.close$address(), Libc.close$descriptor());
    private static final MethodHandle FSTAT = Errno.capturing(Libc.fstat$address(), Libc.fstat$descriptor());
    private static final MethodHandle FTRUNCATE = Errno.capturing(Libc.ftruncate$address(), Libc.ftruncate$descriptor());
    /** open(path, flags, ...) and mremap(old, len, len, flags, ...): variadic, so the mode / new address is passed as a variadic argument. */
    private static final MethodHandle OPEN = Errno.capturing(Libc.open.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_POINTER, Libc.C_INT, Libc.C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MREMAP = Errno.capturing(Libc.mremap.address(),
            FunctionDescriptor.of(Libc.C_POINTER, Libc.C_POINTER, Libc.C_LONG, Libc.C_LONG, Libc.C_INT, Libc.C_POINTER),
            Linker.Option.firstVariadicArg(4));
    /** fcntl(fd, cmd, ...): variadic; every command ffmap uses takes one int argument. */
    private static final MethodHandle FCNTL = Errno.capturing(Libc.fcntl.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_INT, Libc.C_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SHM_OPEN = Errno.capturing(Libc.shm_open$address(), Libc.shm_open$descriptor());
    private static final MethodHandle SHM_UNLINK = Errno.capturing(Libc.shm_unlink$address(), Libc.shm_unlink$descriptor());
    private static final MethodHandle MEMFD_CREATE = Errno.capturing(Libc.memfd_create$address(), Libc.memfd_create$descriptor());
    private static final long MAP_FAILED = -1L;

    private final String name;
    private final Constants constants = LinuxConstants.table();
    private final long pageSize = Libc.sysconf(Libc._SC_PAGESIZE());

    LinuxOs(String name) {
        this.name = name;
    }

    /** errno names, read from the generated constants on the first failure. */
    private static final class Names {
        static final Map<Integer, String> BY_NUMBER = Errno.names(Libc.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OptionalInt constant(String cName) {
        return constants.get(cName);
    }

    @Override
    public String describe(String family, int value) {
        return constants.describe(family, value);
    }

    @Override
    public long pageSize() {
        return pageSize;
    }

    @Override
    public long allocationGranularity() {
        return pageSize;
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws MmapException {
        MemorySegment st = Errno.state();
        MemorySegment r;
        try {
            r = (MemorySegment) MMAP.invokeExact(st, MemorySegment.ofAddress(addr), length, prot, flags, fd, offset);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r.address() == MAP_FAILED) {
            throw failure(st, "mmap", "addr=%s, len=%d, %s, %s, fd=%d, off=%d",
                    hex(addr), length, describe("PROT", prot), describe("MAP", flags), fd, offset);
        }
        return r.address();
    }

    @Override
    public void munmap(long addr, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(st, MemorySegment.ofAddress(addr), length);
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
        rangeCall(MSYNC, "msync", addr, length, flags, "MS");
    }

    @Override
    public void madvise(long addr, long length, int advice) throws MmapException {
        rangeCall(MADVISE, "madvise", addr, length, advice, "MADV");
    }

    @Override
    public void mprotect(long addr, long length, int prot) throws MmapException {
        rangeCall(MPROTECT, "mprotect", addr, length, prot, "PROT");
    }

    /** msync, madvise and mprotect share the shape {@code int f(void *addr, size_t len, int flags)}. */
    private void rangeCall(MethodHandle handle, String call, long addr, long length, int flags, String family)
            throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) handle.invokeExact(st, MemorySegment.ofAddress(addr), length, flags);
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
        lockCall(MLOCK, "mlock", addr, length);
    }

    @Override
    public void munlock(long addr, long length) throws MmapException {
        lockCall(MUNLOCK, "munlock", addr, length);
    }

    private void lockCall(MethodHandle handle, String call, long addr, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) handle.invokeExact(st, MemorySegment.ofAddress(addr), length);
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
            rc = (int) MINCORE.invokeExact(st, MemorySegment.ofAddress(addr), length, vec);
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
    public long mremap(long oldAddr, long oldLength, long newLength, int flags, long newAddr) throws MmapException {
        MemorySegment st = Errno.state();
        MemorySegment r;
        try {
            r = (MemorySegment) MREMAP.invokeExact(st, MemorySegment.ofAddress(oldAddr), oldLength, newLength, flags,
                    MemorySegment.ofAddress(newAddr));
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r.address() == MAP_FAILED) {
            throw failure(st, "mremap", "old=%s, old_len=%d, new_len=%d, %s, new=%s",
                    hex(oldAddr), oldLength, newLength, describe("MREMAP", flags), hex(newAddr));
        }
        return r.address();
    }

    @Override
    public int open(String path, int flags, int mode) throws MmapException {
        MemorySegment st = Errno.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(st, arena.allocateFrom(path), flags, mode);
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
            rc = (int) CLOSE.invokeExact(st, fd);
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
        return fcntl(fd, Libc.F_DUPFD_CLOEXEC(), "F_DUPFD_CLOEXEC", 0, "0");
    }

    @Override
    public void setCloseOnExec(int fd, boolean on) throws MmapException {
        int flags = fcntl(fd, Libc.F_GETFD(), "F_GETFD", 0, "");
        int wanted = on ? flags | Libc.FD_CLOEXEC() : flags & ~Libc.FD_CLOEXEC();
        fcntl(fd, Libc.F_SETFD(), "F_SETFD", wanted, on ? "FD_CLOEXEC" : "0");
    }

    @Override
    public void addSeals(int fd, int seals) throws MmapException {
        fcntl(fd, Libc.F_ADD_SEALS(), "F_ADD_SEALS", seals, describe("F_SEAL", seals));
    }

    @Override
    public int seals(int fd) throws MmapException {
        return fcntl(fd, Libc.F_GET_SEALS(), "F_GET_SEALS", 0, "");
    }

    /** fcntl(2) with one int argument (commands without one ignore it); {@code argText} shows it in messages. */
    private int fcntl(int fd, int cmd, String cmdName, int arg, String argText) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) FCNTL.invokeExact(st, fd, cmd, arg);
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
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) SHM_OPEN.invokeExact(st, arena.allocateFrom(name), flags, mode);
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
        try (Arena arena = Arena.ofConfined()) {
            rc = (int) SHM_UNLINK.invokeExact(st, arena.allocateFrom(name));
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
    public int memfdCreate(String name, boolean allowSealing) throws MmapException {
        int flags = Libc.MFD_CLOEXEC() | (allowSealing ? Libc.MFD_ALLOW_SEALING() : 0);
        MemorySegment st = Errno.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) MEMFD_CREATE.invokeExact(st, arena.allocateFrom(name), flags);
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
    public FileInfo fstat(int fd) throws MmapException {
        MemorySegment st = Errno.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(stat.layout());
            int rc;
            try {
                rc = (int) FSTAT.invokeExact(st, fd, buf);
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (rc == -1) {
                throw failure(st, "fstat", "fd=%d", fd);
            }
            int type = stat.st_mode(buf) & Libc.S_IFMT();
            return new FileInfo(stat.st_size(buf), type == Libc.S_IFREG(), type == Libc.S_IFDIR());
        }
    }

    @Override
    public void ftruncate(int fd, long length) throws MmapException {
        MemorySegment st = Errno.state();
        int rc;
        try {
            rc = (int) FTRUNCATE.invokeExact(st, fd, length);
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
    private static MmapException failure(MemorySegment state, String call, String format, Object... args) {
        int errno = Errno.get(state);
        String name = Names.BY_NUMBER.getOrDefault(errno, "errno " + errno);
        String text = Libc.strerror(errno).getString(0);
        return new MmapException(call, String.format(Locale.ROOT, format, args), errno, name, text);
    }

    private static String hex(long value) {
        return Constants.hex(value);
    }
}
