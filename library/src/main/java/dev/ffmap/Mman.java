package dev.ffmap;

import dev.ffmap.internal.Os;
import dev.ffmap.internal.Segments;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The C mirror: the mmap family as static methods with C's names, C's argument order and the
 * platform's own flag values. Nothing is hidden or managed: a segment returned by
 * {@link #mmap} is valid until the caller passes it to {@link #munmap}, exactly as in C, and
 * touching it afterwards is undefined (the JVM may crash). Prefer {@link Mapping}, which owns
 * its memory and fails safely, unless you need the raw calls.
 *
 * <p>Arguments are passed to the kernel as given; misaligned addresses and offsets come back as
 * the kernel's {@code EINVAL}. Two guards are added because the damage would land on the JVM
 * itself: {@link MapFlag#MAP_FIXED} and {@link MremapFlag#MREMAP_FIXED} are accepted only for
 * a range inside a live {@link Reservation}, and {@link #mincore}'s vector must be native and
 * large enough for the range.
 *
 * <p>All methods are thread-safe in the sense of the underlying calls.
 */
public final class Mman {
    private Mman() {
    }

    /**
     * The size of a page in bytes, as {@code sysconf(_SC_PAGESIZE)}.
     *
     * @return the page size in bytes
     */
    public static long pageSize() {
        return Os.current().pageSize();
    }

    /**
     * The alignment a file offset must have for {@link #mmap}: the page size on Linux and macOS,
     * the allocation granularity (64 KiB) on Windows.
     *
     * @return the alignment in bytes
     */
    public static long allocationGranularity() {
        return Os.current().allocationGranularity();
    }

    /**
     * mmap(2): maps {@code length} bytes of the file open as {@code fd}, from {@code offset}, or
     * anonymous memory with {@link MapFlag#MAP_ANONYMOUS} and {@code fd = -1}.
     *
     * @param addr   {@link MemorySegment#NULL} to let the kernel choose, else a hint (or, with
     *               MAP_FIXED inside a {@link Reservation}, the exact address)
     * @param length the number of bytes to map
     * @param prot   protection of the pages
     * @param flags  one sharing type (MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE) and any others
     * @param fd     the open file, or -1 with MAP_ANONYMOUS
     * @param offset the file offset; a multiple of {@link #allocationGranularity()}
     * @return a native segment of exactly {@code length} bytes at the mapped address
     * @throws MmapException EACCES (fd not open for the access asked), EBADF, EINVAL (zero length,
     *                       misaligned offset), ENODEV, ENOMEM, EEXIST (MAP_FIXED_NOREPLACE), EOPNOTSUPP
     * @throws IllegalArgumentException MAP_FIXED outside a {@link Reservation}, MAP_FIXED_NOREPLACE
     *                                  below 64 KiB (NULL included), negative length
     * @throws UnsupportedOperationException a flag the running OS lacks
     */
    public static MemorySegment mmap(MemorySegment addr, long length, Set<Prot> prot, Set<MapFlag> flags, int fd,
                                     long offset) throws MmapException {
        Objects.requireNonNull(addr, "addr");
        requireNonNegative(length, "length");
        int protMask = NativeFlag.mask(prot);
        int flagMask = NativeFlag.mask(flags);
        if (!flags.contains(MapFlag.MAP_FIXED)) {
            return Segments.unbound(Os.current().mmap(addr.address(), length, protMask, flagMask, fd, offset), length);
        }
        Reservation r = Reservation.covering(addr.address(), length, "MAP_FIXED", "MAP_FIXED_NOREPLACE");
        synchronized (r) {
            r.ensureOpen();
            return Segments.unbound(Os.current().mmap(addr.address(), length, protMask, flagMask, fd, offset), length);
        }
    }

    /**
     * mmap(2) into the caller's {@code arena}, as
     * {@link java.nio.channels.FileChannel#map(java.nio.channels.FileChannel.MapMode, long, long, Arena)}
     * hands out segments: the same call as {@link #mmap(MemorySegment, long, Set, Set, int, long)},
     * but the segment is bound to the arena (touching it after the arena closes throws
     * {@link IllegalStateException}) and munmap runs when the arena closes; do not munmap it
     * yourself. Many mappings can share one arena and pay one close. The descriptor stays the
     * caller's to close, as in C.
     *
     * @param addr   as {@link #mmap(MemorySegment, long, Set, Set, int, long)}, but never MAP_FIXED
     * @param length the number of bytes to map
     * @param prot   protection of the pages
     * @param flags  one sharing type and any others, without MAP_FIXED
     * @param fd     the open file, or -1 with MAP_ANONYMOUS
     * @param offset the file offset; a multiple of {@link #allocationGranularity()}
     * @param arena  the arena whose close unmaps the memory
     * @return a native segment of exactly {@code length} bytes, bound to {@code arena}
     * @throws IllegalArgumentException MAP_FIXED (a {@link Reservation} owns that range, not an arena),
     *                                  MAP_FIXED_NOREPLACE below 64 KiB, negative length
     * @throws IllegalStateException    the arena is closed, or is confined to another thread
     * @throws MmapException            as {@link #mmap(MemorySegment, long, Set, Set, int, long)}
     */
    public static MemorySegment mmap(MemorySegment addr, long length, Set<Prot> prot, Set<MapFlag> flags, int fd,
                                     long offset, Arena arena) throws MmapException {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(arena, "arena");
        requireNonNegative(length, "length");
        if (flags.contains(MapFlag.MAP_FIXED)) {
            throw new IllegalArgumentException("MAP_FIXED maps into a Reservation, which owns the range; an arena cannot");
        }
        Os os = Os.current();
        long address = os.mmap(addr.address(), length, NativeFlag.mask(prot), NativeFlag.mask(flags), fd, offset);
        boolean success = false;
        try {
            MemorySegment s = Segments.owned(os, address, length, arena);
            success = true;
            return s;
        } finally {
            if (!success) {
                os.munmap(address, length);
            }
        }
    }

    /**
     * munmap(2): removes the mapping of {@code [addr, addr + length)}. Segments over that range
     * must not be touched afterwards.
     *
     * @param addr   the first byte of the range; must be page-aligned
     * @param length the number of bytes
     * @throws MmapException EINVAL (misaligned address, zero length)
     */
    public static void munmap(MemorySegment addr, long length) throws MmapException {
        Os.current().munmap(addr.address(), length);
    }

    /**
     * msync(2): writes dirty pages of a shared file mapping back to the file.
     *
     * @param addr   the first byte of the range; must be page-aligned
     * @param length the number of bytes
     * @param flags  MS_SYNC or MS_ASYNC, and optionally MS_INVALIDATE
     * @throws MmapException EINVAL (misaligned address, both MS_SYNC and MS_ASYNC), ENOMEM (range not mapped), EBUSY
     */
    public static void msync(MemorySegment addr, long length, Set<MsyncFlag> flags) throws MmapException {
        Os.current().msync(addr.address(), length, NativeFlag.mask(flags));
    }

    /**
     * madvise(2): tells the kernel how the range will be used.
     *
     * @param addr   the first byte of the range; must be page-aligned
     * @param length the number of bytes
     * @param advice the expected access pattern, or an action such as MADV_DONTNEED
     * @throws MmapException EINVAL (misaligned address, advice not valid here), ENOMEM (range not mapped), EAGAIN, EPERM
     */
    public static void madvise(MemorySegment addr, long length, Advice advice) throws MmapException {
        Os.current().madvise(addr.address(), length, advice.value());
    }

    /**
     * mprotect(2): changes the protection of the range. Java code writing to a page made
     * read-only, or reading a PROT_NONE page, faults and may crash the JVM; {@link Mapping#protect}
     * is the safe form.
     *
     * @param addr   the first byte of the range; must be page-aligned
     * @param length the number of bytes
     * @param prot   the new protection of every page in the range
     * @throws MmapException EACCES (PROT_WRITE on a MAP_SHARED mapping of a read-only fd), EINVAL, ENOMEM
     */
    public static void mprotect(MemorySegment addr, long length, Set<Prot> prot) throws MmapException {
        Os.current().mprotect(addr.address(), length, NativeFlag.mask(prot));
    }

    /**
     * mlock(2): keeps the range in RAM.
     *
     * @param addr   the first byte of the range (the kernel rounds it down to a page)
     * @param length the number of bytes
     * @throws MmapException ENOMEM or EPERM (over RLIMIT_MEMLOCK), EAGAIN
     */
    public static void mlock(MemorySegment addr, long length) throws MmapException {
        Os.current().mlock(addr.address(), length);
    }

    /**
     * munlock(2): lets the range be paged out again.
     *
     * @param addr   the first byte of the range (the kernel rounds it down to a page)
     * @param length the number of bytes
     * @throws MmapException ENOMEM (range not mapped)
     */
    public static void munlock(MemorySegment addr, long length) throws MmapException {
        Os.current().munlock(addr.address(), length);
    }

    /**
     * mincore(2): writes one byte per page of {@code [addr, addr + length)} into {@code vec};
     * bit 0 of each byte is set when the page is resident in memory.
     *
     * @param addr   the first byte of the range; must be page-aligned
     * @param length the number of bytes; every page it touches gets a byte
     * @param vec a native segment of at least {@code ceil(length / pageSize())} bytes
     * @throws MmapException EINVAL (misaligned address), ENOMEM (range not mapped), EAGAIN
     * @throws IllegalArgumentException {@code vec} is not native or too small
     */
    public static void mincore(MemorySegment addr, long length, MemorySegment vec) throws MmapException {
        requireNonNegative(length, "length");
        long pages = Math.ceilDiv(length, pageSize());
        if (!vec.isNative()) {
            throw new IllegalArgumentException("vec must be a native segment");
        }
        if (vec.isReadOnly() || vec.byteSize() < pages) {
            throw new IllegalArgumentException("vec needs " + pages + " writable bytes for " + length
                    + " bytes of pages, has " + vec.byteSize() + (vec.isReadOnly() ? " (read-only)" : ""));
        }
        Os.current().mincore(addr.address(), length, vec);
    }

    /**
     * mremap(2) without a new address: grows or shrinks a mapping, moving it if
     * {@link MremapFlag#MREMAP_MAYMOVE} allows (Linux only).
     *
     * @param oldAddress the start of the mapping; page-aligned
     * @param oldSize    its current length in bytes
     * @param newSize    the length wanted, in bytes
     * @param flags      MREMAP_MAYMOVE or none
     * @return a segment of {@code newSize} bytes at the (possibly new) address; the old segment
     *         must not be touched if the mapping moved
     * @throws MmapException ENOMEM (cannot grow in place without MREMAP_MAYMOVE), EINVAL, EFAULT
     */
    public static MemorySegment mremap(MemorySegment oldAddress, long oldSize, long newSize, Set<MremapFlag> flags)
            throws MmapException {
        return mremap(oldAddress, oldSize, newSize, flags, MemorySegment.NULL);
    }

    /**
     * mremap(2) with a new address, for {@link MremapFlag#MREMAP_FIXED}, which is accepted only
     * for a target range inside a live {@link Reservation}.
     *
     * @param oldAddress the start of the mapping; page-aligned
     * @param oldSize    its current length in bytes
     * @param newSize    the length wanted, in bytes
     * @param flags      MREMAP_MAYMOVE and MREMAP_FIXED (optionally MREMAP_DONTUNMAP)
     * @param newAddress the page-aligned target, inside a live {@link Reservation}
     * @return a segment of {@code newSize} bytes at {@code newAddress}; the old segment must not
     *         be touched
     * @throws MmapException EINVAL (misaligned address, flags without MREMAP_MAYMOVE), ENOMEM, EFAULT
     * @throws IllegalArgumentException the target is outside every live {@link Reservation}, or a
     *                                  size is negative
     */
    public static MemorySegment mremap(MemorySegment oldAddress, long oldSize, long newSize, Set<MremapFlag> flags,
                                       MemorySegment newAddress) throws MmapException {
        requireNonNegative(oldSize, "oldSize");
        requireNonNegative(newSize, "newSize");
        int mask = NativeFlag.mask(flags);
        if (!flags.contains(MremapFlag.MREMAP_FIXED)) {
            return Segments.unbound(Os.current().mremap(oldAddress.address(), oldSize, newSize, mask, 0L), newSize);
        }
        Reservation r = Reservation.covering(newAddress.address(), newSize, "MREMAP_FIXED", "a Reservation");
        synchronized (r) {
            r.ensureOpen();
            long moved = Os.current().mremap(oldAddress.address(), oldSize, newSize, mask, newAddress.address());
            return Segments.unbound(moved, newSize);
        }
    }

    /**
     * open(2): opens {@code path} and returns the file descriptor, which the caller closes with
     * {@link #close}. Add {@link OpenFlag#O_CLOEXEC} unless child processes should inherit it.
     *
     * @param path  the file to open
     * @param flags access mode and open flags, e.g. O_RDWR and O_CLOEXEC
     * @param mode permission bits for O_CREAT, e.g. {@code 0600}
     * @return the new descriptor
     * @throws MmapException ENOENT, EACCES, EEXIST (O_CREAT|O_EXCL), EISDIR, ELOOP, EMFILE
     */
    public static int open(Path path, Set<OpenFlag> flags, int mode) throws MmapException {
        return Os.current().open(path.toString(), NativeFlag.mask(flags), mode);
    }

    /**
     * close(2).
     *
     * @param fd the descriptor to close
     * @throws MmapException EBADF, EIO
     */
    public static void close(int fd) throws MmapException {
        Os.current().close(fd);
    }

    /**
     * ftruncate(2): sets the size of the file open as {@code fd}; growing leaves a sparse hole.
     *
     * @param fd     a descriptor open for writing
     * @param length the new size in bytes
     * @throws MmapException EBADF, EINVAL (fd not open for writing), EFBIG, EPERM (sealed)
     */
    public static void ftruncate(int fd, long length) throws MmapException {
        Os.current().ftruncate(fd, length);
    }

    /**
     * fstat(2)'s {@code st_size}: the size in bytes of the file open as {@code fd}.
     *
     * @param fd an open descriptor
     * @return the size in bytes
     * @throws MmapException EBADF
     */
    public static long fileSize(int fd) throws MmapException {
        return Os.current().fstat(fd).size();
    }

    /**
     * posix_fadvise(2): advice on {@code [offset, offset + len)} of the file open as {@code fd}
     * ({@code len} 0: to its end). With {@link FileAdvice#POSIX_FADV_DONTNEED} the file's clean,
     * unmapped pages leave the page cache; {@code ffmap evict} is built on it.
     *
     * @param fd     an open descriptor of a regular file
     * @param offset the start of the range in the file
     * @param len    the number of bytes, or 0 for the rest of the file
     * @param advice what the kernel should do with the range's cached pages
     * @throws MmapException EBADF, EINVAL (bad advice), ESPIPE (a pipe or FIFO)
     * @throws UnsupportedOperationException where the OS has no posix_fadvise (macOS, Windows)
     */
    public static void posix_fadvise(int fd, long offset, long len, FileAdvice advice) throws MmapException {
        requireNonNegative(offset, "offset");
        requireNonNegative(len, "length");
        Os.current().fadvise(fd, offset, len, advice.value());
    }

    static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException("Negative " + name + ": " + value);
        }
    }
}
