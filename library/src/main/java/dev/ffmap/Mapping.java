package dev.ffmap;

import dev.ffmap.internal.Faults;
import dev.ffmap.internal.Os;
import dev.ffmap.internal.Segments;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An owned memory mapping: one mapping, one segment, one lifetime.
 *
 * <pre>{@code
 * try (Mapping m = Mapping.map(path, MapOptions.readWrite())) {
 *     MemorySegment s = m.segment();          // exactly the bytes asked for, any size
 *     s.set(ValueLayout.JAVA_LONG, 0, 42L);
 *     m.sync();                               // msync(MS_SYNC)
 * }                                           // munmap, once; every view of s is now dead
 * }</pre>
 *
 * <p><b>Offsets.</b> Any file offset is accepted: the mapping starts at the page (allocation
 * granularity on Windows) at or below it and {@link #segment()} begins exactly at the requested
 * offset with exactly the requested length. Offsets given to the methods below are relative to
 * {@link #segment()}.
 *
 * <p><b>Lifetime.</b> {@link #segment()} is bound to a shared arena owned by the mapping (a
 * confined one if asked, see below). After
 * {@link #close()}, any access through it or any slice of it, from any thread, throws
 * {@link IllegalStateException}; the memory is unmapped exactly once. {@link #protect} and
 * {@link #remap} replace that arena, so segments taken before them die the same way (they could
 * otherwise write to read-only pages or to an old address and crash the JVM): take
 * {@link #segment()} again afterwards. A mapping that is never closed is unmapped once neither
 * it nor any live segment of it is reachable.
 *
 * <p><b>File descriptor.</b> The file is opened with {@code O_CLOEXEC} only for the mmap call
 * and closed before {@link #map} returns, on success and on every error path.
 *
 * <p><b>Threads.</b> All methods are thread-safe. Calls that reach the kernel for the range
 * (sync, advise, lock, residency) exclude {@link #close()}, {@link #protect} and
 * {@link #remap}, so they never act on an address that was unmapped and reused.
 *
 * <p><b>Confined mappings.</b> With {@link MapOptions#withConfined(boolean) withConfined(true)}
 * the segment is bound to a confined arena of the mapping thread instead: only that thread may
 * touch it, and {@link #close()}, {@link #protect} and {@link #remap} from another thread throw
 * {@link WrongThreadException} and change nothing. In exchange {@link #close()} needs no
 * handshake with the JVM's other threads, which makes it several times cheaper: the choice
 * between {@link Arena#ofConfined()} and {@link Arena#ofShared()}, made for the mapping.
 *
 * <p><b>Truncated files.</b> If the file is truncated while mapped (by this process or another),
 * its pages past the new end are gone and touching them makes the kernel send SIGBUS. The JVM
 * survives that for accesses made in Java code through a segment: it skips the faulting
 * instruction, leaving in its place whatever the register held, and throws {@link InternalError}
 * ("a fault occurred in an unsafe memory access operation") not where the access is but at the
 * thread's next safepoint poll, which in compiled code may be a later loop back-edge or the return
 * of a caller that inlined the access. {@link #access(Function)} turns that into a
 * {@link MappingFaultException} naming the file and the range that is gone, and never returns a
 * value computed after such a fault; what is safe to do inside it is listed there. ffmap never
 * hands a segment of a mapping to native code other than the kernel's mmap family (msync,
 * madvise, mprotect, mlock, mincore, mremap, munmap), which reports such pages as an errno: a
 * fault inside a native function would kill the process.
 *
 * <p><b>Other threads during {@link #protect}, {@link #remap} and {@link #close()}.</b> Each first
 * waits for the {@link #access(Function)} bodies in progress (and keeps new ones out), then closes
 * the old view's arena, and only then calls the kernel, so code run through {@code access} never
 * meets a page whose protection or place changed under it. A raw segment from {@link #segment()}
 * that another thread is using at that moment relies on the JDK's closing of the arena, and that
 * is not watertight: with JDK 25 a store from C1-compiled code through such a segment once landed
 * after the close and crashed the JVM (SIGSEGV), in about 3.5 million view changes (see
 * RELIABILITY.md). {@code protect} and {@code remap} now make a second handshake before the
 * kernel call to close that window; {@code close()}, like {@link Arena#close()}, makes one. Run
 * code that may race these calls through {@code access}.
 */
public final class Mapping implements AutoCloseable {
    private final Os os;
    private final Path path;
    private final long offset;
    private final Set<MapFlag> flags;
    private final boolean grow;
    /** Whether file blocks are reserved (posix_fallocate) for every range mapped, remaps included. */
    private final boolean reserve;
    /** The memory, its current view and the accesses in progress. */
    private final Lifetime life;

    private Mapping(Os os, Path path, long offset, long delta, long length, MapOptions options, long base) {
        this.os = os;
        this.path = path;
        this.offset = offset;
        this.flags = options.flags();
        this.grow = options.grow();
        this.reserve = options.reserve();
        this.life = new Lifetime(os, this, base, delta, length, options.prot(), options.confined());
    }

    /**
     * Maps part or all of the file at {@code path}.
     *
     * @param path    the file to open, map and close again (the mapping keeps no descriptor)
     * @param options which range to map and how
     * @return the mapping, which owns the memory; close it to unmap
     * @throws NoSuchFileException     the file does not exist
     * @throws AccessDeniedException   the file cannot be opened for the access the options need
     * @throws FileSystemException     the path is a directory
     * @throws IllegalArgumentException the range is empty or beyond the end of the file without
     *                                  {@code grow}, or the options cannot work together
     * @throws MmapException           open, fstat, ftruncate or mmap failed: ENOMEM, ENODEV, EACCES, EINVAL …
     */
    public static Mapping map(Path path, MapOptions options) throws IOException {
        Os os = Os.current();
        int fd = FileMapper.openFor(os, path, options);
        Mapping mapping;
        try {
            mapping = mapOpen(os, path, fd, options);
        } catch (Throwable t) {
            FileMapper.closeAfterFailure(os, fd, t);
            throw t;
        }
        try {
            os.close(fd);
        } catch (MmapException e) {
            mapping.close();
            throw e;
        }
        return mapping;
    }

    /**
     * Maps part or all of the file at {@code path} into the caller's {@code arena}, as
     * {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)} does: the segment lives as
     * long as the arena, and munmap runs when the arena closes. No {@code Mapping} object is
     * made, so there is nothing else to close: many files can share one arena and pay one close
     * (for a shared arena, one handshake with the JVM's threads for all of them).
     *
     * <p>Choose this for many mappings with one lifetime (the files of an index segment); an
     * owned {@link #map(Path, MapOptions) Mapping} for one mapping with its own lifetime, or one
     * that needs {@link #protect}, {@link #remap} or {@link #access}; and
     * {@link MapOptions#withConfined(boolean) withConfined(true)} when one thread maps, uses and
     * closes it. The segment is read-only without PROT_WRITE; the options must include PROT_READ
     * (a segment that faults on every read is no use to Java code), and
     * {@link MapOptions#confined()} must be false: the arena decides who may touch the segment.
     *
     * @param path    the file to open, map and close again
     * @param options which range to map and how
     * @param arena   the arena whose close unmaps the memory
     * @return the mapped bytes, exactly the requested range, bound to {@code arena}
     * @throws IllegalStateException    the arena is closed, or is confined to another thread
     * @throws IllegalArgumentException as {@link #map(Path, MapOptions)}, and options without
     *                                  PROT_READ or with {@code confined}
     * @throws MmapException            open, fstat, ftruncate or mmap failed
     */
    public static MemorySegment map(Path path, MapOptions options, Arena arena) throws IOException {
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(options, "options");
        if (!options.prot().contains(Prot.PROT_READ)) {
            throw new IllegalArgumentException("A segment in an arena is read by Java code: the options need PROT_READ, not "
                    + options.prot());
        }
        if (options.confined()) {
            throw new IllegalArgumentException("withConfined(true) confines a Mapping's own arena; the caller's arena"
                    + " decides which threads may touch this segment");
        }
        Os os = Os.current();
        int fd = FileMapper.openFor(os, path, options);
        MemorySegment segment;
        try {
            FileMapper.Mapped m = FileMapper.mmapFile(os, path, fd, options);
            boolean success = false;
            try {
                segment = Segments.owned(os, m.base(), m.delta() + m.length(), arena).asSlice(m.delta(), m.length());
                success = true;
            } finally {
                if (!success) {
                    os.munmap(m.base(), m.delta() + m.length());
                }
            }
        } catch (Throwable t) {
            FileMapper.closeAfterFailure(os, fd, t);
            throw t;
        }
        os.close(fd); // a failure here leaves the mapping to the arena, which unmaps it when it closes
        return options.prot().contains(Prot.PROT_WRITE) ? segment : segment.asReadOnly();
    }

    /** Maps from an open descriptor, which stays open and belongs to the caller. */
    static Mapping mapOpen(Os os, Path path, int fd, MapOptions options) throws IOException {
        FileMapper.Mapped m = FileMapper.mmapFile(os, path, fd, options);
        return adopt(os, path, options.offset(), m.delta(), m.length(), options, m.base());
    }

    /**
     * Maps {@code length} bytes of anonymous memory, zero-filled: private to this process with
     * MAP_PRIVATE, shared with children that inherit it with MAP_SHARED. MAP_ANONYMOUS is added.
     *
     * @param length  the number of bytes, positive
     * @param options protection and flags; offset must be 0 and grow false
     * @return the mapping, which owns the memory; close it to unmap
     * @throws MmapException ENOMEM, EINVAL
     * @throws IllegalArgumentException length is not positive, or the options give an offset or grow
     */
    public static Mapping anonymous(long length, MapOptions options) throws MmapException {
        if (length <= 0) {
            throw new IllegalArgumentException("Anonymous mapping length must be positive: " + length);
        }
        if (options.offset() != 0 || options.grow()) {
            throw new IllegalArgumentException("An anonymous mapping has no file: offset must be 0 and grow false");
        }
        Os os = Os.current();
        EnumSet<MapFlag> flags = EnumSet.copyOf(options.flags());
        flags.add(MapFlag.MAP_ANONYMOUS);
        long base = os.mmap(0L, length, NativeFlag.mask(options.prot()), NativeFlag.mask(flags), -1, 0L);
        return adopt(os, null, 0, 0, length, new MapOptions(0, length, options.prot(), flags, false, options.confined()),
                base);
    }

    /** Wraps a fresh mapping; if that fails, unmaps it so nothing leaks. */
    private static Mapping adopt(Os os, Path path, long offset, long delta, long length, MapOptions options, long base)
            throws MmapException {
        boolean success = false;
        try {
            Mapping m = new Mapping(os, path, offset, delta, length, options, base);
            success = true;
            return m;
        } finally {
            if (!success) {
                os.munmap(base, delta + length);
            }
        }
    }

    /**
     * The mapped bytes, exactly as asked for: {@link #byteSize()} long, starting at the requested
     * file offset. Read-only unless the mapping has PROT_WRITE, so a write through it throws
     * {@link IllegalArgumentException} ("Attempt to write a read-only segment", as for any
     * read-only segment) instead of faulting.
     *
     * @return a segment that dies when the mapping is closed, protected or remapped
     * @throws IllegalStateException the mapping is closed, or has no PROT_READ (reading would fault)
     */
    public MemorySegment segment() {
        MemorySegment s = life.segment();
        if (s == null) {
            throw new IllegalStateException("Mapping has no PROT_READ, so its memory cannot be touched: " + this);
        }
        return s;
    }

    /**
     * Runs {@code body} on {@link #segment()} and returns its result; a fault of the mapped
     * memory during it (the file was truncated under the mapping) comes out as
     * {@link MappingFaultException} instead of a bare {@link InternalError}, wherever in
     * {@code body} the JVM delivers it, and so does any other exception thrown after such a
     * fault. No value computed after a fault is ever returned.
     *
     * <pre>{@code
     * long sum = m.access(s -> { long t = 0; for (long i = 0; i + 8 <= s.byteSize(); i += 8) t += s.get(JAVA_LONG_UNALIGNED, i); return t; });
     * }</pre>
     *
     * <p><b>Which bodies are safe on a file that may be truncated.</b> A read of a lost page does
     * not stop {@code body}: the JVM skips the load and leaves in its place whatever the CPU
     * register held, and the code after it runs on that value until the next safepoint poll
     * throws. That is safe in every compilation mode only for these shapes:
     * <ul>
     * <li>copies out of the segment into a Java array ({@link MemorySegment#copy(MemorySegment,
     * java.lang.foreign.ValueLayout, long, Object, int, int)}, {@code toArray}), followed by work
     * on the copy: they run the JDK's copy routine, which the JVM recovers in;
     * <li>reads of 8-byte values ({@code JAVA_LONG}, {@code JAVA_DOUBLE} and their unaligned and
     * byte-order variants) <em>at addresses that are multiples of 8</em>
     * ({@code (s.address() + offset) % 8 == 0}; the segment starts on a page unless the file
     * offset it was mapped from is not a multiple of the page size), and anything computed from
     * them: every 64-bit pattern is a valid {@code long}, so such a value can be wrong, which
     * {@code access} throws away, but not impossible;
     * <li>writes of any size, copies and fills into the segment from elsewhere (a write to a lost
     * page is dropped).
     * </ul>
     * A read narrower than 8 bytes ({@code byte}, {@code short}, {@code char}, {@code int},
     * {@code float}) may leave a value outside the range C2 assumes for its type (a {@code byte}
     * outside -128..127), and code that uses it where C2 dropped a check because of that range —
     * boxing it ({@code Byte.valueOf}, {@code Integer.valueOf}, a lambda returning it as
     * {@code R}), indexing an array or switching on it — can read wild memory and crash the JVM.
     * Measured here: {@code m.access(s -> s.get(JAVA_BYTE, i))}, which boxes the byte it reads,
     * crashed JDK 25's C2 code within seconds of repeated truncations, and never under C1 or the
     * interpreter. Such bodies are safe only where the file cannot shrink (anonymous memory, or
     * a file no process truncates). Atomic read-modify-writes through a {@code VarHandle}
     * ({@code compareAndSet}, {@code getAndAdd}) are safe only where the file cannot shrink: in
     * interpreted code the JVM runs them in native code that does not recover from the fault
     * ({@link SharedLong} says what it does about it). {@link MappedFile}'s own methods read only
     * in the safe shapes.
     * A body that catches {@link InternalError} itself, or hands the segment to another thread,
     * gives up these guarantees.
     *
     * <p><b>Why 8-byte reads must be aligned: a JVM defect.</b> On x86-64 the JVM resumes after
     * such a fault by decoding the faulting instruction to skip it, and JDK 25's decoder does not
     * know {@code movsxd}. C2's compilation of {@code Unsafe.getLongUnaligned}, which interpreted
     * and C1-compiled code call for every {@code long} read of a segment, loads with
     * {@code movsxd} at an address that is 4 mod 8: a lost page there stops the JVM (an internal
     * error in {@code Assembler::locate_operand}). At a multiple of 8 the same method makes one
     * plain load, which the JVM recovers from. For the same reason the byte copy between segments,
     * {@code MemorySegment.copy(src, srcOffset, dst, dstOffset, bytes)} and {@code copyFrom}, with
     * this segment as the source, is not safe: the JDK copies fewer than 64 bytes that way with
     * those {@code long} reads, at whatever offset the copy starts (the copy with element layouts
     * and {@code toArray} use the copy routine). {@code MemorySegment.mismatch}
     * is not safe either: the JVM does not recover in its vectorized routine. RELIABILITY.md,
     * "The movsxd crash", has the evidence.
     *
     * <p>{@link #close()}, {@link #protect} and {@link #remap} from other threads wait until
     * {@code body} returns, so it never runs on memory that is being unmapped; do not call them
     * from inside {@code body} (the call would wait for itself).
     *
     * @param <R>  the type of the body's result
     * @param body the work on the mapped bytes, run on this thread
     * @return what {@code body} returned
     * @throws MappingFaultException the memory faulted (SIGBUS): the file is shorter than the mapping
     * @throws IllegalStateException the mapping is closed
     */
    public <R> R access(Function<? super MemorySegment, ? extends R> body) {
        return guarded(body, null, this::currentFileSize);
    }

    /**
     * Runs {@code op} on {@code s} (or on {@link #segment()} if null) as one access: close,
     * protect and remap wait for it; a fault of the memory during it is thrown inside it (the
     * poll after {@code op}) and comes out as {@link MappingFaultException}, as does any other
     * exception behind which a fault is pending (a value a faulted read left behind caused it).
     * No value computed from faulted memory is returned.
     */
    <R> R guarded(Function<? super MemorySegment, ? extends R> op, MemorySegment s, LongSupplier fileSize) {
        int token = life.access();
        try {
            R r = op.apply(s != null ? s : segment());
            Faults.settle(); // a fault pending from op is thrown here, inside the try
            return r;
        } catch (InternalError e) {
            throw translate(e, fileSize);
        } catch (RuntimeException | Error e) {
            RuntimeException fault = pendingFault(fileSize);
            if (fault != null) {
                fault.addSuppressed(e);
                throw fault;
            }
            throw e;
        } finally {
            life.exit(token);
        }
    }

    /** The fault pending on this thread, as {@link MappingFaultException}, or null if there is none. */
    private RuntimeException pendingFault(LongSupplier fileSize) {
        try {
            Faults.settle();
            return null;
        } catch (InternalError e) {
            return translate(e, fileSize);
        }
    }

    /**
     * Starts a library access of the memory: {@link #close()}, {@link #protect} and {@link #remap}
     * wait until it ends with {@link #exitAccess}. Throws if the mapping is closed.
     */
    int enterAccess() {
        return life.access();
    }

    void exitAccess(int token) {
        life.exit(token);
    }

    /** A fault of this mapping's memory as {@link MappingFaultException}; other internal errors are rethrown as they are. */
    RuntimeException translate(InternalError e, LongSupplier fileSize) {
        if (!Faults.isAccessFault(e)) {
            throw e;
        }
        Faults.drain();
        long size = fileSize.getAsLong();
        return new MappingFaultException(toString(), path, offset, life.length(), size, e);
    }

    /** The file's size now, by its path, or -1 (anonymous memory, a device, an error). */
    private long currentFileSize() {
        if (path == null || !Files.isRegularFile(path)) {
            return -1;
        }
        try {
            return Files.size(path);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The address of the first byte of {@link #segment()}.
     *
     * @return the address, which need not be page-aligned
     */
    public long address() {
        return life.address();
    }

    /**
     * The number of bytes of {@link #segment()}.
     *
     * @return the length in bytes, as asked for
     */
    public long byteSize() {
        return life.length();
    }

    /**
     * The file offset of the first byte of {@link #segment()}.
     *
     * @return the offset in bytes, 0 for anonymous memory
     */
    public long offset() {
        return offset;
    }

    /**
     * The current protection.
     *
     * @return the protection set by the mapping or the last {@link #protect}
     */
    public Set<Prot> prot() {
        return life.prot();
    }

    /**
     * The mmap flags this mapping was made with.
     *
     * @return the flags, including MAP_ANONYMOUS for anonymous memory
     */
    public Set<MapFlag> flags() {
        return flags;
    }

    /**
     * The mapped file.
     *
     * @return the file's path, or {@code null} for anonymous memory
     */
    public Path path() {
        return path;
    }

    /**
     * msync(MS_SYNC) of the whole mapping: returns once dirty pages are written to the file.
     *
     * @throws MmapException EIO, ENOMEM, EBUSY
     */
    public void sync() throws MmapException {
        sync(0, byteSize(), MsyncFlag.MS_SYNC);
    }

    /**
     * Makes what was written so far survive a power loss, not only a crash of this process:
     * msync(MS_SYNC) of the whole mapping, then fsync(2) of the file and of the directory that
     * holds it. POSIX promises no more of {@link #sync()} than that the file holds the bytes,
     * which a killed process cannot undo; Linux writes the range through to the device as
     * fdatasync would, but it does not record the directory entry of a newly created file
     * (fsync(2)). The file's fsync covers its data, size and metadata, the directory's fsync its
     * name. Both fsyncs go through
     * {@link FileChannel#force(boolean) FileChannel.force(true)} on the file and directory opened
     * read-only again by {@link #path()}: if the file was renamed or replaced since it was mapped,
     * the path names another file and its fsync does not cover these bytes.
     *
     * @throws UnsupportedOperationException anonymous memory, which has no file
     * @throws MmapException                 msync failed: EIO, ENOMEM, EBUSY
     * @throws IOException                   opening or forcing the file or its directory failed
     */
    public void syncDurably() throws IOException {
        if (path == null) {
            throw new UnsupportedOperationException("Anonymous memory has no file to sync durably: " + this);
        }
        sync();
        force(path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            force(parent);
        }
    }

    /** fsync(2) of a file or directory, through a descriptor of its own (Linux opens a directory for reading). */
    private static void force(Path fileOrDirectory) throws IOException {
        try (FileChannel channel = FileChannel.open(fileOrDirectory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * msync(2) of {@code [offset, offset + length)} of {@link #segment()}, widened to whole pages.
     *
     * @param offset the start of the range, in bytes from the start of {@link #segment()}
     * @param length the number of bytes
     * @param flag   MS_SYNC (wait for the write) or MS_ASYNC (schedule it)
     * @param more   further flags, such as MS_INVALIDATE
     * @throws MmapException EINVAL (MS_SYNC with MS_ASYNC), EIO, EBUSY
     */
    public void sync(long offset, long length, MsyncFlag flag, MsyncFlag... more) throws MmapException {
        int mask = NativeFlag.mask(EnumSet.of(flag, more));
        rangeOp(offset, length, (addr, len) -> os.msync(addr, len, mask));
    }

    /**
     * madvise(2) over the whole mapping.
     *
     * @param advice what the kernel should expect of the access pattern
     * @throws MmapException as {@link #advise(long, long, Advice)}
     */
    public void advise(Advice advice) throws MmapException {
        advise(0, byteSize(), advice);
    }

    /**
     * madvise(2) of {@code [offset, offset + length)} of {@link #segment()}, widened to whole pages,
     * except for advice that drops data ({@link Advice#MADV_DONTNEED}, {@link Advice#MADV_FREE},
     * {@link Advice#MADV_REMOVE} …: private and anonymous pages read back as zeros): widening
     * those would drop bytes outside the range, so the range goes to the kernel as given and
     * must start on a page boundary.
     *
     * @param offset the start of the range, in bytes from the start of {@link #segment()}
     * @param length the number of bytes
     * @param advice what the kernel should expect of the access pattern
     * @throws MmapException EINVAL (advice not valid for this mapping, or an unaligned start for
     *                       advice that drops data), EAGAIN, EPERM
     */
    public void advise(long offset, long length, Advice advice) throws MmapException {
        int value = advice.value();
        RangeCall call = (addr, len) -> os.madvise(addr, len, value);
        if (advice.dropsData()) {
            exactRangeOp(offset, length, call);
        } else {
            rangeOp(offset, length, call);
        }
    }

    /**
     * mlock(2) of the whole mapping: its pages are read in and kept in RAM.
     *
     * @throws MmapException ENOMEM or EPERM when the process would lock more than its
     *                       RLIMIT_MEMLOCK; the message then gives the limit and how to raise it
     */
    public void lock() throws MmapException {
        try {
            rangeOp(0, byteSize(), os::mlock);
        } catch (MmapException e) {
            throw overMemlockLimit(e);
        }
    }

    /**
     * This process's soft RLIMIT_MEMLOCK: how many bytes it may lock in all with {@link #lock()}
     * ({@code Long.MAX_VALUE} if unlimited). Empty where the OS has no such limit or ffmap cannot
     * read it (Linux reads it with getrlimit(2); macOS and Windows give empty).
     *
     * @return the limit in bytes, or empty
     */
    public static OptionalLong memlockLimit() {
        return Os.current().memlockLimit();
    }

    /**
     * An mlock failure with its cause: a file now shorter than the mapping (the kernel cannot
     * read in the pages past its end, ENOMEM), or else the limit, where the OS tells it.
     */
    private MmapException overMemlockLimit(MmapException e) {
        if (!(e.errnoName().equals("ENOMEM") || e.errnoName().equals("EPERM"))) {
            return e;
        }
        long size = currentFileSize();
        if (path != null && size >= 0 && size < offset + byteSize()) {
            return new MmapException(e, String.format(Locale.ROOT, "locking %d bytes: %s is %d bytes now, shorter than"
                    + " the mapping, which reaches %d; the pages past its end are gone and cannot be locked",
                    byteSize(), path, size, offset + byteSize()));
        }
        OptionalLong limit = os.memlockLimit();
        if (limit.isEmpty()) {
            return e;
        }
        String shown = limit.getAsLong() == Long.MAX_VALUE ? "unlimited"
                : String.format(Locale.ROOT, "%d bytes (ulimit -l: %d)", limit.getAsLong(), limit.getAsLong() / 1024);
        return new MmapException(e, String.format(Locale.ROOT, "locking %d bytes; this process's RLIMIT_MEMLOCK is %s"
                + " and counts every page it has locked; raise it (ulimit -l in the shell, LimitMEMLOCK= for a"
                + " systemd service, memlock in /etc/security/limits.conf) or give the process CAP_IPC_LOCK",
                byteSize(), shown));
    }

    /**
     * munlock(2) of the whole mapping.
     *
     * @throws MmapException ENOMEM (part of the range is no longer mapped)
     */
    public void unlock() throws MmapException {
        rangeOp(0, byteSize(), os::munlock);
    }

    /**
     * mincore(2): which pages of the mapping are resident now. Page 0 is the page holding the
     * first byte of {@link #segment()}.
     *
     * @return a snapshot of the pages' residency, stale as soon as it is taken
     * @throws MmapException ENOMEM, EAGAIN
     */
    public Residency residency() throws MmapException {
        int token = life.access();
        try {
            long pageSize = os.pageSize();
            long start = FileMapper.alignDown(address(), pageSize);
            long len = address() + byteSize() - start;
            int pages = Math.toIntExact(Math.ceilDiv(len, pageSize));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment vec = arena.allocate(pages);
                os.mincore(start, len, vec);
                return new Residency(pageSize, vec.toArray(ValueLayout.JAVA_BYTE));
            }
        } finally {
            life.exit(token);
        }
    }

    /**
     * mprotect(2) of the whole mapping. Segments taken before die (any access throws
     * {@link IllegalStateException}); the new {@link #segment()} is read-only without
     * PROT_WRITE and unavailable without PROT_READ.
     *
     * @param first a protection bit of the new protection
     * @param more  its further bits; the new protection replaces the old one
     * @throws MmapException EACCES (PROT_WRITE on a shared mapping of a file opened read-only)
     */
    public void protect(Prot first, Prot... more) throws MmapException {
        Set<Prot> wanted = Set.copyOf(EnumSet.of(first, more));
        life.ensureOwner("protect");
        life.protect(wanted);
    }

    /**
     * mremap(2): grows or shrinks the mapping to {@code newLength} bytes of {@link #segment()},
     * moving it if needed. For a file mapping the file must be long enough, or the mapping made
     * with {@code grow}, which extends it. Segments taken before die; take {@link #segment()}
     * again. On macOS and Windows, which have no mremap, the mapping is synced, mapped again at
     * the new length and the old range unmapped (private and anonymous contents are copied over).
     *
     * @param newLength the new length of {@link #segment()} in bytes
     * @throws UnsupportedOperationException the OS has no mremap and the mapping was made from a descriptor
     * @throws IllegalArgumentException      {@code newLength} is not positive, overflows the file
     *                                       offset, or reaches beyond the end of the file without grow
     * @throws MmapException ENOMEM, EINVAL, EFAULT
     */
    public void remap(long newLength) throws IOException {
        if (newLength <= 0) {
            throw new IllegalArgumentException("New length must be positive: " + newLength);
        }
        life.ensureOwner("remap");
        if (path == null) {
            remapOwned(newLength, !MremapFlag.MREMAP_MAYMOVE.isSupported());
            return;
        }
        synchronized (life) { // the file is sized and the mapping moved as one step
            if (life.isClosed()) {
                life.segment(); // throws, naming the mapping
            }
            int fd = FileMapper.open(os, path, FileMapper.openFlags(grow || reserve));
            try {
                long oldSize = FileMapper.cover(os, path, fd, offset, newLength, grow, reserve);
                try {
                    remapOwned(newLength, !MremapFlag.MREMAP_MAYMOVE.isSupported());
                } catch (Throwable t) {
                    if (oldSize >= 0) {
                        FileMapper.restoreSize(os, fd, oldSize, t); // a failed remap leaves the file as it was
                    }
                    throw t;
                }
            } catch (Throwable t) {
                FileMapper.closeAfterFailure(os, fd, t);
                throw t;
            }
            os.close(fd);
        }
    }

    /**
     * mremap to {@code newLength} with no check of the file: for {@link MappedFile}, which sizes
     * the file itself through its own descriptor.
     */
    void remapUnchecked(long newLength) throws MmapException {
        remapOwned(newLength, !MremapFlag.MREMAP_MAYMOVE.isSupported());
    }

    /** remap as the OS without mremap (macOS, Windows) does it; package-private so Linux tests can run it. */
    void remapByMappingAgain(long newLength) throws MmapException {
        remapOwned(newLength, true);
    }

    private void remapOwned(long newLength, boolean byMappingAgain) throws MmapException {
        life.ensureOwner("remap");
        life.remap(newLength, byMappingAgain ? this::mapAgain
                : (base, length, to) -> os.mremap(base, length, to, MremapFlag.MREMAP_MAYMOVE.value(), 0L));
    }

    /**
     * What mremap does, where there is none: sync a shared file mapping, map the new length from
     * the file (or fresh anonymous memory), copy what only the old mapping holds (private or
     * anonymous pages), then unmap the old range. The old mapping stays intact if any step before
     * the unmap fails. Returns the new base.
     */
    private long mapAgain(long base, long length, long newLength) throws MmapException {
        boolean anonymous = flags.contains(MapFlag.MAP_ANONYMOUS);
        Set<Prot> prot = life.prot();
        boolean writable = prot.contains(Prot.PROT_WRITE);
        if (!anonymous && path == null) {
            throw new UnsupportedOperationException("remap of a mapping made from a descriptor needs mremap, which "
                    + os.name() + " lacks");
        }
        if (!anonymous && writable && flags.contains(MapFlag.MAP_SHARED)) {
            os.msync(base, length, MsyncFlag.MS_SYNC.value());
        }
        long newBase = anonymous ? os.mmap(0L, newLength, NativeFlag.mask(prot), NativeFlag.mask(flags), -1, 0L)
                : mapFileAgain(newLength, prot);
        boolean success = false;
        try {
            if (writable && (anonymous || flags.contains(MapFlag.MAP_PRIVATE))) {
                long kept = Math.min(length, newLength);
                Faults.move(Segments.unbound(base, kept), 0, Segments.unbound(newBase, kept), 0, kept);
            }
            os.munmap(base, length);
            success = true;
            return newBase;
        } finally {
            if (!success) {
                os.munmap(newBase, newLength);
            }
        }
    }

    private long mapFileAgain(long newLength, Set<Prot> prot) throws MmapException {
        boolean writesReachFile = prot.contains(Prot.PROT_WRITE) && flags.contains(MapFlag.MAP_SHARED);
        int fd = os.open(path.toString(), FileMapper.openFlags(writesReachFile), 0);
        try {
            long aligned = FileMapper.alignDown(offset, os.allocationGranularity());
            return os.mmap(0L, newLength, NativeFlag.mask(prot), NativeFlag.mask(flags), fd, aligned);
        } finally {
            os.close(fd);
        }
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return {@code true} once the mapping is closed
     */
    public boolean isClosed() {
        return life.isClosed();
    }

    /**
     * Unmaps the memory and kills every segment of it. Idempotent.
     *
     * @throws IllegalStateException a segment of this mapping is in use by a native call right
     *                               now (the mapping stays open, try again)
     * @throws WrongThreadException  a confined mapping closed from another thread than its own
     */
    @Override
    public void close() {
        life.ensureOwner("close");
        life.end();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Mapping[%s, offset=%d, length=%d, %s, %s%s]",
                path == null ? "anonymous" : path, offset, byteSize(), os.describe("PROT", NativeFlag.mask(prot())),
                os.describe("MAP", NativeFlag.mask(flags)), isClosed() ? ", closed" : "");
    }

    private interface RangeCall {
        void apply(long addr, long len) throws MmapException;
    }

    /** Runs a kernel call on a range of the segment, widened to whole pages, excluding close. */
    private void rangeOp(long off, long len, RangeCall call) throws MmapException {
        exactRangeOp(off, len, (start, n) -> {
            long aligned = FileMapper.alignDown(start, os.pageSize());
            call.apply(aligned, start + n - aligned);
        });
    }

    /** Runs a kernel call on exactly a range of the segment; close, protect and remap wait for it. */
    private void exactRangeOp(long off, long len, RangeCall call) throws MmapException {
        int token = life.access();
        try {
            Objects.checkFromIndexSize(off, len, byteSize());
            call.apply(address() + off, len);
        } finally {
            life.exit(token);
        }
    }
}
