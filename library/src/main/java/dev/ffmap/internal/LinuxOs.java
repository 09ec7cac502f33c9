package dev.ffmap.internal;

import dev.ffmap.MmapException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static dev.ffmap.internal.Downcalls.Pointer.OWNED;
import static dev.ffmap.internal.LinuxBindings.C_INT;
import static dev.ffmap.internal.LinuxBindings.C_LONG;
import static dev.ffmap.internal.LinuxBindings.C_POINTER;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The Linux backend: glibc's mmap family through jextract bindings, each handle capturing errno,
 * plus what only Linux has (mremap, memfd and its seals). Its bindings are the running
 * architecture's own ({@link LinuxBindings}): flag values and {@code struct stat} differ between
 * x86-64, aarch64, riscv64, ppc64le and s390x.
 */
@SuppressWarnings("restricted")
final class LinuxOs extends PosixOs {
    /** This JVM's architecture's bindings; {@link Os} picks this backend only where they exist. */
    private static final LinuxBindings LIBC = LinuxBindings.forArch(System.getProperty("os.arch", "?")).orElseThrow(
            () -> new UnsupportedOperationException("ffmap has no Linux bindings for " + System.getProperty("os.arch")));
    private static final Downcalls.Lazy MMAP = Downcalls.lazy(() -> Downcalls.errno("mmap", LIBC.address("mmap"), LIBC.descriptor("mmap")));
    private static final Downcalls.Lazy MUNMAP = Downcalls.lazy(() -> Downcalls.errno("munmap", LIBC.address("munmap"), LIBC.descriptor("munmap")));
    private static final Downcalls.Lazy MSYNC = Downcalls.lazy(() -> Downcalls.errno("msync", LIBC.address("msync"), LIBC.descriptor("msync")));
    private static final Downcalls.Lazy MADVISE = Downcalls.lazy(() -> Downcalls.errno("madvise", LIBC.address("madvise"), LIBC.descriptor("madvise")));
    private static final Downcalls.Lazy MPROTECT = Downcalls.lazy(() -> Downcalls.errno("mprotect", LIBC.address("mprotect"), LIBC.descriptor("mprotect")));
    private static final Downcalls.Lazy MLOCK = Downcalls.lazy(() -> Downcalls.errno("mlock", LIBC.address("mlock"), LIBC.descriptor("mlock")));
    private static final Downcalls.Lazy MUNLOCK = Downcalls.lazy(() -> Downcalls.errno("munlock", LIBC.address("munlock"), LIBC.descriptor("munlock")));
    private static final Downcalls.Lazy MINCORE = Downcalls.lazy(() -> Downcalls.errno("mincore", LIBC.address("mincore"), LIBC.descriptor("mincore")));
    private static final Downcalls.Lazy CLOSE = Downcalls.lazy(() -> Downcalls.errno("close", LIBC.address("close"), LIBC.descriptor("close")));
    static final Downcalls.Lazy FSTAT = Downcalls.lazy(() -> Downcalls.errno("fstat", LIBC.address("fstat"), LIBC.descriptor("fstat"), OWNED));
    private static final Downcalls.Lazy FTRUNCATE = Downcalls.lazy(() -> Downcalls.errno("ftruncate", LIBC.address("ftruncate"), LIBC.descriptor("ftruncate")));
    /** open(path, flags, ...) and mremap(old, len, len, flags, ...): variadic, so the mode / new address is passed as a variadic argument. */
    static final Downcalls.Lazy OPEN = Downcalls.lazy(() -> Downcalls.errnoVariadic("open", LIBC.address("open"),
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), 2, OWNED));
    private static final Downcalls.Lazy MREMAP = Downcalls.lazy(() -> Downcalls.errnoVariadic("mremap", LIBC.address("mremap"),
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_LONG, C_INT, C_POINTER), 4));
    /** fcntl(fd, cmd, ...): variadic; every command ffmap uses takes one int argument. */
    private static final Downcalls.Lazy FCNTL = Downcalls.lazy(() -> Downcalls.errnoVariadic("fcntl", LIBC.address("fcntl"),
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), 2));
    static final Downcalls.Lazy SHM_OPEN = Downcalls.lazy(() -> Downcalls.errno("shm_open", LIBC.address("shm_open"), LIBC.descriptor("shm_open"), OWNED));
    static final Downcalls.Lazy SHM_UNLINK = Downcalls.lazy(() -> Downcalls.errno("shm_unlink", LIBC.address("shm_unlink"), LIBC.descriptor("shm_unlink"), OWNED));
    /** posix_fallocate returns the error number itself and leaves errno alone: no state to capture. */
    private static final Downcalls.Lazy POSIX_FALLOCATE = Downcalls.lazy(() -> Downcalls.plain("posix_fallocate",
            LIBC.address("posix_fallocate"), LIBC.descriptor("posix_fallocate")));
    /** posix_fadvise, too, returns the error number. */
    private static final Downcalls.Lazy POSIX_FADVISE = Downcalls.lazy(() -> Downcalls.plain("posix_fadvise",
            LIBC.address("posix_fadvise"), LIBC.descriptor("posix_fadvise")));
    private static final Downcalls.Lazy GETRLIMIT = Downcalls.lazy(() -> Downcalls.errno("getrlimit", LIBC.address("getrlimit"),
            LIBC.descriptor("getrlimit"), OWNED));
    static final Downcalls.Lazy MEMFD_CREATE = Downcalls.lazy(() -> Downcalls.errno("memfd_create", LIBC.address("memfd_create"),
            LIBC.descriptor("memfd_create"), OWNED));
    /** sysconf and strerror take no pointer; called once at start-up and on failures. */
    private static final Downcalls.Lazy SYSCONF = Downcalls.lazy(() -> Downcalls.plain("sysconf", LIBC.address("sysconf"),
            LIBC.descriptor("sysconf")));
    private static final Downcalls.Lazy STRERROR = Downcalls.lazy(() -> Downcalls.plain("strerror", LIBC.address("strerror"),
            LIBC.descriptor("strerror")));

    /** The values the backend itself uses, read once from this architecture's bindings. */
    private static final int MREMAP_DONTUNMAP = LIBC.constant("MREMAP_DONTUNMAP");
    private static final int F_ADD_SEALS = LIBC.constant("F_ADD_SEALS");
    private static final int F_GET_SEALS = LIBC.constant("F_GET_SEALS");
    private static final int MFD_CLOEXEC = LIBC.constant("MFD_CLOEXEC");
    private static final int MFD_ALLOW_SEALING = LIBC.constant("MFD_ALLOW_SEALING");
    private static final int RLIMIT_MEMLOCK = LIBC.constant("RLIMIT_MEMLOCK");
    private static final FileTypes S_IF = new FileTypes(LIBC.constant("S_IFMT"), LIBC.constant("S_IFREG"),
            LIBC.constant("S_IFDIR"), LIBC.constant("S_IFIFO"), LIBC.constant("S_IFSOCK"), LIBC.constant("S_IFCHR"),
            LIBC.constant("S_IFBLK"));
    /** The fields read from this architecture's structs: st_mode sits at 24 on x86-64, at 16 on aarch64. */
    private static final VarHandle ST_MODE = LIBC.stat().varHandle(groupElement("st_mode"));
    private static final VarHandle ST_SIZE = LIBC.stat().varHandle(groupElement("st_size"));
    private static final VarHandle RLIM_CUR = LIBC.rlimit().varHandle(groupElement("rlim_cur"));

    LinuxOs(String name) {
        super(name, LinuxConstants.table(LIBC), sysconf(LIBC.constant("_SC_PAGESIZE")), new Calls(MMAP, MUNMAP, MSYNC, MADVISE,
                MPROTECT, MLOCK, MUNLOCK, MINCORE, CLOSE, FTRUNCATE, OPEN, FCNTL, SHM_OPEN, SHM_UNLINK,
                LinuxOs::strerror, LIBC.libc(),
                LIBC.constant("F_GETFD"), LIBC.constant("F_SETFD"), LIBC.constant("FD_CLOEXEC"), LIBC.constant("F_DUPFD_CLOEXEC")));
    }

    private static long sysconf(int name) {
        try {
            return (long) SYSCONF.get().invokeExact(name);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static String strerror(int errno) {
        try {
            return ((MemorySegment) STRERROR.get().invokeExact(errno)).getString(0);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
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
        fcntl(fd, F_ADD_SEALS, "F_ADD_SEALS", seals, describe("F_SEAL", seals));
    }

    @Override
    public int seals(int fd) throws MmapException {
        return fcntl(fd, F_GET_SEALS, "F_GET_SEALS", 0, "");
    }

    @Override
    public int memfdCreate(String name, boolean allowSealing) throws MmapException {
        int flags = MFD_CLOEXEC | (allowSealing ? MFD_ALLOW_SEALING : 0);
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
        MemorySegment limit = Scratch.get(LIBC.rlimit().byteSize());
        int rc;
        try {
            rc = (int) GETRLIMIT.get().invokeExact(st, RLIMIT_MEMLOCK, limit);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        long soft = (long) RLIM_CUR.get(limit, 0L);
        // RLIM_INFINITY is all ones: -1 as a Java long.
        return rc == -1 ? OptionalLong.empty() : OptionalLong.of(soft == -1 ? Long.MAX_VALUE : soft);
    }

    @Override
    public FileInfo fstat(int fd) throws MmapException {
        MemorySegment st = Errno.state();
        MemorySegment buf = Scratch.get(LIBC.stat().byteSize());
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
        return new FileInfo((long) ST_SIZE.get(buf, 0L), S_IF.of((int) ST_MODE.get(buf, 0L)));
    }
}
