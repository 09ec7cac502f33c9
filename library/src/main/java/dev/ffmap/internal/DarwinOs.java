package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.darwin.Libc;
import dev.ffmap.bindings.darwin.stat;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

import static dev.ffmap.internal.Downcalls.Pointer.OWNED;

/**
 * The macOS backend: libSystem's mmap family through the Darwin bindings, each handle capturing
 * errno. macOS has no mremap, memfd or file seals: those calls throw
 * {@link UnsupportedOperationException} naming the OS, and resizing a mapping unmaps and maps
 * again. The only class that names {@code dev.ffmap.bindings.darwin}.
 */
@SuppressWarnings("restricted")
final class DarwinOs extends PosixOs {
    private static final Downcalls.Lazy MMAP = Downcalls.lazy(() -> Downcalls.errno("mmap", Libc.mmap$address(), Libc.mmap$descriptor()));
    private static final Downcalls.Lazy MUNMAP = Downcalls.lazy(() -> Downcalls.errno("munmap", Libc.munmap$address(), Libc.munmap$descriptor()));
    private static final Downcalls.Lazy MSYNC = Downcalls.lazy(() -> Downcalls.errno("msync", Libc.msync$address(), Libc.msync$descriptor()));
    private static final Downcalls.Lazy MADVISE = Downcalls.lazy(() -> Downcalls.errno("madvise", Libc.madvise$address(), Libc.madvise$descriptor()));
    private static final Downcalls.Lazy MPROTECT = Downcalls.lazy(() -> Downcalls.errno("mprotect", Libc.mprotect$address(), Libc.mprotect$descriptor()));
    private static final Downcalls.Lazy MLOCK = Downcalls.lazy(() -> Downcalls.errno("mlock", Libc.mlock$address(), Libc.mlock$descriptor()));
    private static final Downcalls.Lazy MUNLOCK = Downcalls.lazy(() -> Downcalls.errno("munlock", Libc.munlock$address(), Libc.munlock$descriptor()));
    private static final Downcalls.Lazy MINCORE = Downcalls.lazy(() -> Downcalls.errno("mincore", Libc.mincore$address(), Libc.mincore$descriptor()));
    private static final Downcalls.Lazy CLOSE = Downcalls.lazy(() -> Downcalls.errno("close", Libc.close$address(), Libc.close$descriptor()));
    private static final Downcalls.Lazy FTRUNCATE = Downcalls.lazy(() -> Downcalls.errno("ftruncate", Libc.ftruncate$address(), Libc.ftruncate$descriptor()));
    /** open, fcntl and shm_open are variadic; on arm64 a variadic argument goes on the stack, so this must be exact. */
    private static final Downcalls.Lazy OPEN = Downcalls.lazy(() -> Downcalls.errnoVariadic("open", Libc.open.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_POINTER, Libc.C_INT, Libc.C_INT), 2, OWNED));
    private static final Downcalls.Lazy FCNTL = Downcalls.lazy(() -> Downcalls.errnoVariadic("fcntl", Libc.fcntl.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_INT, Libc.C_INT), 2));
    private static final Downcalls.Lazy SHM_OPEN = Downcalls.lazy(() -> Downcalls.errnoVariadic("shm_open", Libc.shm_open.address(),
            FunctionDescriptor.of(Libc.C_INT, Libc.C_POINTER, Libc.C_INT, Libc.C_INT), 2, OWNED));
    private static final Downcalls.Lazy SHM_UNLINK = Downcalls.lazy(() -> Downcalls.errno("shm_unlink", Libc.shm_unlink$address(),
            Libc.shm_unlink$descriptor(), OWNED));
    /**
     * fstat with the 64-bit-inode struct stat the header declares: plain {@code fstat} on arm64,
     * {@code fstat$INODE64} on x86-64, where plain {@code fstat} keeps the old 32-bit-inode layout.
     */
    private static final Downcalls.Lazy FSTAT = Downcalls.lazy(() -> Downcalls.errno("fstat", fstatAddress(), Libc.fstat$descriptor(), OWNED));

    private static final FileTypes S_IF = new FileTypes(Libc.S_IFMT(), Libc.S_IFREG(), Libc.S_IFDIR(), Libc.S_IFIFO(),
            Libc.S_IFSOCK(), Libc.S_IFCHR(), Libc.S_IFBLK());

    DarwinOs(String name) {
        super(name, DarwinConstants.table(), Libc.sysconf(Libc._SC_PAGESIZE()), new Calls(MMAP, MUNMAP, MSYNC, MADVISE,
                MPROTECT, MLOCK, MUNLOCK, MINCORE, CLOSE, FTRUNCATE, OPEN, FCNTL, SHM_OPEN, SHM_UNLINK,
                errno -> Libc.strerror(errno).getString(0), Libc.class,
                Libc.F_GETFD(), Libc.F_SETFD(), Libc.FD_CLOEXEC(), Libc.F_DUPFD_CLOEXEC()));
    }

    private static MemorySegment fstatAddress() {
        return DarwinConstants.fstatSymbol(System.getProperty("os.arch", "")).equals("fstat")
                ? Libc.fstat$address()
                : Linker.nativeLinker().defaultLookup().findOrThrow("fstat$INODE64");
    }

    @Override
    public long mremap(long oldAddr, long oldLength, long newLength, int flags, long newAddr) {
        throw unsupported("mremap");
    }

    @Override
    public void addSeals(int fd, int seals) {
        throw unsupported("file seals (F_ADD_SEALS)");
    }

    @Override
    public int seals(int fd) {
        throw unsupported("file seals (F_GET_SEALS)");
    }

    @Override
    public int memfdCreate(String name, boolean allowSealing) {
        throw unsupported("memfd_create");
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
        return new FileInfo(stat.st_size(buf), S_IF.of(stat.st_mode(buf)));
    }
}
