package dev.ffmap;

import dev.ffmap.internal.ByteSearch;
import dev.ffmap.internal.Faults;
import dev.ffmap.internal.Os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A memory-mapped file with everything Python's {@code mmap.mmap} offers, Java-named: a byte
 * string you index and slice, a file you read, write and seek, a haystack you search.
 *
 * <pre>{@code
 * try (MappedFile m = MappedFile.open(path, MappedFile.Access.WRITE)) {
 *     long at = m.find("needle".getBytes());   // m.find(b"needle")
 *     m.setSlice(0, 5, "HELLO".getBytes());     // m[0:5] = b"HELLO"
 *     byte[] line = m.readLine();               // m.readline()
 *     m.flush();                                // m.flush()
 * }                                             // m.close()
 * }</pre>
 *
 * <p><b>Python's rules.</b> Indices, slices, {@link #find}/{@link #rfind} ranges, positions and
 * every range check follow CPython 3.13's {@code mmap} exactly, down to the error message. For
 * slice bounds Python would leave out, pass {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE}:
 * {@code m[::-1]} is {@code slice(Long.MAX_VALUE, Long.MIN_VALUE, -1)}. Errors translate as
 * {@code ValueError} on a closed map → {@link IllegalStateException}; other {@code ValueError}
 * and {@code OverflowError} → {@link IllegalArgumentException}; {@code TypeError} for writing
 * through {@link Access#READ} or resizing {@link Access#COPY} → {@link UnsupportedOperationException};
 * {@code IndexError} → {@link IndexOutOfBoundsException}; {@code OSError} → {@link MmapException}.
 * A call that fails leaves the file, the mapping and the position as they were.
 *
 * <p><b>Beyond Python.</b> Any offset is accepted, not only multiples of
 * {@link #allocationGranularity()}; {@link #flush(long, long)} and non-destructive
 * {@link #madvise} ranges are widened to whole pages instead of failing with EINVAL.
 *
 * <p><b>File descriptor.</b> Unless {@link Options#trackFd(boolean) trackFd(false)}, the map
 * keeps its own close-on-exec descriptor of the file (for {@link #size()} and {@link #resize})
 * and closes it in {@link #close()}. With {@code trackFd(false)} it keeps none, and
 * {@link #size()} fails with EBADF and {@link #resize} is refused, as in Python.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. {@link #close()} may run while
 * other threads read or write: a call already touching the memory finishes first ({@code close}
 * waits for it), and every later call throws {@link IllegalStateException}; never a crash or a
 * read of unmapped memory. {@link #resize} waits the same way. The methods that use or move the position ({@link #read},
 * {@link #readByte}, {@link #readLine}, {@link #write}, {@link #writeByte}, {@link #seek},
 * {@link #tell}, {@link #find(byte[])}) and {@link #move}, {@link #resize}, {@link #size()} are
 * serialized by one lock, so each sees and leaves a consistent position. Index-based calls
 * ({@link #get}, {@link #set}, {@link #slice}, {@link #setSlice},
 * {@link #find(byte[], long, long)}) take no lock; one that overlaps a {@link #resize} is redone
 * on the resized mapping. Concurrent writes to the same bytes race as they would in any shared memory.
 * Segments from {@link #segment()} and {@link #asCharSequence()} die at {@link #resize}: take
 * them again.
 *
 * <p><b>Truncated files.</b> If the file is truncated under the map (by this process, e.g. with
 * {@link #resize} through another map, or by another process), every method that reads or writes
 * the bytes that are gone throws {@link MappingFaultException} naming the file and the lost range;
 * the map stays open for the bytes that remain. That holds in the interpreter, C1 and C2, with
 * and without the vector module: these methods read memory that may shrink only as 8-byte words
 * or bulk copies, the shapes the JVM recovers from without leaving an impossible value behind, and
 * search with vectors only in heap copies. {@link #asCharSequence()} reads through such copies
 * too, so a regex over a truncated map ends in {@link MappingFaultException}. In your own loops
 * over {@link #segment()} the JVM throws {@link InternalError} instead, possibly after the access,
 * and some code shapes are not safe at all: see {@link Mapping#access}.
 */
public final class MappedFile implements AutoCloseable {
    /** {@link #seek(long, int)} from the start (Python's {@code os.SEEK_SET}). */
    public static final int SEEK_SET = 0;
    /** {@link #seek(long, int)} from the current position ({@code os.SEEK_CUR}). */
    public static final int SEEK_CUR = 1;
    /** {@link #seek(long, int)} from the end ({@code os.SEEK_END}). */
    public static final int SEEK_END = 2;

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final String[] WHENCE = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};

    private final Os os;
    private final Mapping mapping;
    /** The descriptor, the lock and the guarded access to the memory. */
    private final MapHandle handle;
    private final Access access;
    private final long offset;
    /** Python's {@code trackfd}: false refuses {@link #resize}. */
    private final boolean trackFd;
    /** Whether {@link #resize} reserves the blocks it adds (posix_fallocate). */
    private final boolean reserve;
    /** Python's {@code pos}, relative to {@link #offset}; may exceed the length after a shrink. Guarded by the handle's lock. */
    private long pos;

    /** Python's {@code access} argument: how the map may be changed and where changes go. */
    public enum Access {
        /** Take prot and flags from {@link Options#prot}/{@link Options#flags} (default read-write, MAP_SHARED). */
        DEFAULT,
        /** Read-only: any write or resize throws {@link UnsupportedOperationException}. */
        READ,
        /** Write-through: writes reach the file (MAP_SHARED). */
        WRITE,
        /** Copy-on-write: writes stay in this process, never reach the file (MAP_PRIVATE); no resize. */
        COPY
    }

    /**
     * The rest of Python's {@code mmap.mmap(fileno, length, flags, prot, access, offset, trackfd)}
     * arguments. Immutable: each method returns a changed copy.
     *
     * <pre>{@code
     * MappedFile.options().access(Access.COPY).length(4096).offset(8192)
     * MappedFile.options().prot(Prot.PROT_READ).flags(MapFlag.MAP_SHARED, MapFlag.MAP_POPULATE)  // the POSIX form
     * }</pre>
     */
    public static final class Options {
        static final Options DEFAULTS = new Options(Access.DEFAULT, 0, 0, null, null, true, false);

        private final Access access;
        private final long length;
        private final long offset;
        private final Set<Prot> prot;
        private final Set<MapFlag> flags;
        private final boolean trackFd;
        private final boolean reserve;

        private Options(Access access, long length, long offset, Set<Prot> prot, Set<MapFlag> flags, boolean trackFd,
                        boolean reserve) {
            this.access = access;
            this.length = length;
            this.offset = offset;
            this.prot = prot;
            this.flags = flags;
            this.trackFd = trackFd;
            this.reserve = reserve;
        }

        /** How the map may be changed; anything but DEFAULT excludes {@link #prot}/{@link #flags}. */
        public Options access(Access newAccess) {
            return new Options(Objects.requireNonNull(newAccess, "access"), length, offset, prot, flags, trackFd, reserve);
        }

        /** Bytes to map; 0 (the default) maps to the end of the file. */
        public Options length(long newLength) {
            if (newLength < 0) {
                throw new IllegalArgumentException("memory mapped length must be positive: " + newLength);
            }
            return new Options(access, newLength, offset, prot, flags, trackFd, reserve);
        }

        /** File offset of the first mapped byte (any value; Python requires a multiple of the granularity). */
        public Options offset(long newOffset) {
            if (newOffset < 0) {
                throw new IllegalArgumentException("memory mapped offset must be positive: " + newOffset);
            }
            return new Options(access, length, newOffset, prot, flags, trackFd, reserve);
        }

        /** Python's {@code prot}: the POSIX form, with {@link Access#DEFAULT} only. Must include PROT_READ. */
        public Options prot(Prot first, Prot... more) {
            return new Options(access, length, offset, Set.copyOf(EnumSet.of(first, more)), flags, trackFd, reserve);
        }

        /** Python's {@code flags}: the POSIX form, with {@link Access#DEFAULT} only; one sharing type. */
        public Options flags(MapFlag first, MapFlag... more) {
            return new Options(access, length, offset, prot, Set.copyOf(EnumSet.of(first, more)), trackFd, reserve);
        }

        /** Python's {@code trackfd}: with false the map keeps no descriptor; size() and resize() then fail. */
        public Options trackFd(boolean newTrackFd) {
            return new Options(access, length, offset, prot, flags, newTrackFd, reserve);
        }

        /**
         * Whether {@link MappedFile#resize} reserves the file's blocks as it grows the file
         * ({@code posix_fallocate} instead of a sparse {@code ftruncate}), so that a full disk is
         * an ENOSPC {@link MmapException} from {@code resize} rather than a SIGBUS at a later write.
         */
        public Options reserve(boolean newReserve) {
            return new Options(access, length, offset, prot, flags, trackFd, newReserve);
        }

        public Access access() {
            return access;
        }

        public long length() {
            return length;
        }

        public long offset() {
            return offset;
        }

        public boolean trackFd() {
            return trackFd;
        }

        /** Python's mapping of access to prot and flags, and its DEFAULT narrowing to READ or WRITE. */
        Resolved resolve() {
            boolean posix = (prot != null && !prot.equals(Set.of(Prot.PROT_READ, Prot.PROT_WRITE)))
                    || (flags != null && !flags.equals(Set.of(MapFlag.MAP_SHARED)));
            if (access != Access.DEFAULT && posix) { // Python's defaults given explicitly are no conflict
                throw new IllegalArgumentException("mmap can't specify both access and flags, prot: access " + access
                        + ", prot " + prot + ", flags " + flags);
            }
            Set<Prot> rw = Set.of(Prot.PROT_READ, Prot.PROT_WRITE);
            Set<MapFlag> shared = Set.of(MapFlag.MAP_SHARED);
            return switch (access) {
                case READ -> resolved(Access.READ, Set.of(Prot.PROT_READ), shared);
                case WRITE -> resolved(Access.WRITE, rw, shared);
                case COPY -> resolved(Access.COPY, rw, Set.of(MapFlag.MAP_PRIVATE));
                case DEFAULT -> {
                    Set<Prot> p = prot == null ? rw : prot;
                    if (!p.contains(Prot.PROT_READ)) {
                        throw new IllegalArgumentException("MappedFile reads what it maps: prot must include PROT_READ: " + p);
                    }
                    yield resolved(p.contains(Prot.PROT_WRITE) ? Access.DEFAULT : Access.READ, p, flags == null ? shared : flags);
                }
            };
        }

        private Resolved resolved(Access a, Set<Prot> p, Set<MapFlag> f) {
            return new Resolved(a, p, f, length, offset, trackFd, reserve);
        }

        record Resolved(Access access, Set<Prot> prot, Set<MapFlag> flags, long length, long offset, boolean trackFd,
                        boolean reserve) {
        }
    }

    private MappedFile(Os os, Mapping mapping, Access access, int fd, Options.Resolved r) {
        this.os = os;
        this.trackFd = r.trackFd();
        this.reserve = r.reserve();
        this.mapping = mapping;
        this.handle = new MapHandle(os, mapping, fd);
        this.access = access;
        this.offset = mapping.offset();
    }

    // ---------------------------------------------------------------- construction

    /** The default options: whole file, {@link Access#DEFAULT} (read-write, shared), offset 0, own descriptor. */
    public static Options options() {
        return Options.DEFAULTS;
    }

    /** Maps the whole file with the given access: {@code mmap.mmap(f.fileno(), 0, access=…)}. */
    public static MappedFile open(Path path, Access access) throws IOException {
        return open(path, options().access(access));
    }

    /** Maps {@code length} bytes (0 = to the end of the file) from the start of the file. */
    public static MappedFile open(Path path, Access access, long length) throws IOException {
        return open(path, options().access(access).length(length));
    }

    /** Maps {@code length} bytes (0 = to the end of the file) from file offset {@code offset}. */
    public static MappedFile open(Path path, Access access, long length, long offset) throws IOException {
        return open(path, options().access(access).length(length).offset(offset));
    }

    /**
     * Opens and maps {@code path}: read-write if the options write through to the file,
     * read-only otherwise.
     *
     * @throws IllegalArgumentException "cannot mmap an empty file", "mmap offset is greater than
     *                                  file size", "mmap length is greater than file size", or
     *                                  both an access and prot/flags given
     * @throws java.nio.file.NoSuchFileException   no such file
     * @throws java.nio.file.AccessDeniedException the file cannot be opened for this access
     * @throws MmapException            open, fstat or mmap failed (ENOMEM, ENODEV, EACCES …)
     */
    public static MappedFile open(Path path, Options options) throws IOException {
        Objects.requireNonNull(path, "path");
        Options.Resolved r = options.resolve();
        Os os = Os.current();
        boolean writeThrough = r.prot().contains(Prot.PROT_WRITE) && !r.flags().contains(MapFlag.MAP_PRIVATE);
        int opened = FileMapper.open(os, path, FileMapper.openFlags(writeThrough));
        return mapDescriptor(os, path, opened, true, r);
    }

    /**
     * Maps the open file {@code fd}, which stays the caller's: the map keeps a close-on-exec
     * duplicate of it ({@code fcntl(F_DUPFD_CLOEXEC)}) unless {@code trackFd(false)}.
     *
     * @throws MmapException fcntl, fstat or mmap failed (EBADF, EACCES for a descriptor opened
     *                       without the access the options need …)
     */
    public static MappedFile open(int fd, Options options) throws IOException {
        Options.Resolved r = options.resolve();
        Os os = Os.current();
        return options.trackFd() ? mapDescriptor(os, null, os.dupCloexec(fd), true, r) : mapDescriptor(os, null, fd, false, r);
    }

    /** Anonymous shared memory, zero-filled: {@code mmap.mmap(-1, length)}. */
    public static MappedFile anonymous(long length) throws MmapException {
        return anonymous(length, options());
    }

    /**
     * Anonymous memory with the options' access or prot/flags ({@link Access#COPY} or MAP_PRIVATE:
     * private to this process; otherwise shared with children). The options' length and offset
     * must be left at 0.
     */
    public static MappedFile anonymous(long length, Options options) throws MmapException {
        Options.Resolved r = options.resolve();
        if (length <= 0) {
            throw new IllegalArgumentException("memory mapped length must be positive: " + length);
        }
        if (options.length() != 0 || options.offset() != 0) {
            throw new IllegalArgumentException("anonymous memory has no file: leave the options' length and offset at 0");
        }
        Mapping m = Mapping.anonymous(length, new MapOptions(0, 0, r.prot(), r.flags(), false));
        return new MappedFile(Os.current(), m, r.access(), -1, r);
    }

    /** Maps through {@code fd}; keeps it if the options track it, else closes it if {@code owned}. */
    private static MappedFile mapDescriptor(Os os, Path path, int fd, boolean owned, Options.Resolved r) throws IOException {
        boolean success = false;
        try {
            Os.FileInfo info = os.fstat(fd);
            if (!info.type().mappable()) {
                throw new FileSystemException(String.valueOf(path), null, "Is a " + info.type() + ", which mmap cannot map");
            }
            long length = checkedLength(r.length(), r.offset(), info);
            Mapping m = Mapping.mapOpen(os, path, fd, new MapOptions(r.offset(), length, r.prot(), r.flags(), false));
            success = true;
            return new MappedFile(os, m, r.access(), r.trackFd() ? fd : -1, r);
        } finally {
            if (owned && (!success || !r.trackFd())) {
                os.close(fd);
            }
        }
    }

    /** Python's checks of length and offset against the file; 0 means to the end of the file. */
    private static long checkedLength(long length, long offset, Os.FileInfo info) {
        long size = info.size();
        if (!info.regular()) {
            if (length == 0) {
                throw new IllegalArgumentException("cannot mmap a file that is not a regular file with length 0: give the length");
            }
            return length;
        }
        if (length == 0) {
            if (size == 0) {
                throw new IllegalArgumentException("cannot mmap an empty file");
            }
            if (offset >= size) {
                throw new IllegalArgumentException("mmap offset is greater than file size: offset " + offset + ", size " + size);
            }
            return size - offset;
        }
        if (offset > size || size - offset < length) {
            throw new IllegalArgumentException("mmap length is greater than file size: offset " + offset
                    + " + length " + length + " > size " + size);
        }
        return length;
    }

    /** The page size: Python's {@code mmap.PAGESIZE}. */
    public static long pageSize() {
        return Os.current().pageSize();
    }

    /** The alignment of file offsets in the kernel's mmap: Python's {@code mmap.ALLOCATIONGRANULARITY}. */
    public static long allocationGranularity() {
        return Os.current().allocationGranularity();
    }

    // ---------------------------------------------------------------- bytes

    /** The number of bytes mapped: Python's {@code len(m)}. */
    public long length() {
        return bytes().byteSize();
    }

    /**
     * The size of the underlying <b>file</b> now, which may differ from {@link #length()}:
     * Python's {@code m.size()}.
     *
     * @throws MmapException EBADF for anonymous memory or with {@code trackFd(false)}, as in Python
     */
    public long size() throws MmapException {
        return handle.locked(() -> {
            handle.bytes();
            return os.fstat(handle.descriptor("size()")).size();
        });
    }

    /** The byte at {@code index} (negative counts from the end), 0..255: {@code m[index]}. */
    public int get(long index) {
        return indexed(s -> ByteSearch.byteAt(s, PyIndex.item(index, s.byteSize())));
    }

    /**
     * Sets the byte at {@code index}: {@code m[index] = value}.
     *
     * @throws IllegalArgumentException {@code value} is outside 0..255 (use {@code b & 0xFF} for a Java byte)
     */
    public void set(long index, int value) {
        indexed(s -> { // Python's order: closed, read-only, index, value
            checkWritable();
            long at = PyIndex.item(index, s.byteSize());
            s.set(BYTE, at, checkedByte(value, "mmap item value must be in range(0, 256): "));
            return 0;
        });
    }

    /** A copy of {@code m[start:stop]}; bounds clamp as in Python. */
    public byte[] slice(long start, long stop) {
        return slice(start, stop, 1);
    }

    /** A copy of {@code m[start:stop:step]}; bounds clamp, {@code step} may be negative, not 0. */
    public byte[] slice(long start, long stop, long step) {
        return indexed(s -> {
            PyIndex sl = PyIndex.slice(start, stop, step, s.byteSize());
            byte[] out = new byte[sl.arrayLength()];
            if (sl.step() == 1) {
                MemorySegment.copy(s, BYTE, sl.start(), out, 0, out.length);
            } else {
                for (int k = 0; k < out.length; k++) {
                    out[k] = (byte) ByteSearch.byteAt(s, sl.start() + k * sl.step());
                }
            }
            return out;
        });
    }

    /** {@code m[start:stop] = data}: {@code data} must have exactly the slice's length. */
    public void setSlice(long start, long stop, byte[] data) {
        setSlice(start, stop, 1, data);
    }

    /**
     * {@code m[start:stop:step] = data}.
     *
     * @throws IndexOutOfBoundsException "mmap slice assignment is wrong size"; nothing is written
     */
    public void setSlice(long start, long stop, long step, byte[] data) {
        Objects.requireNonNull(data, "data");
        indexed(s -> {
            checkWritable();
            PyIndex sl = PyIndex.slice(start, stop, step, s.byteSize());
            if (sl.count() != data.length) {
                throw new IndexOutOfBoundsException("mmap slice assignment is wrong size: the slice has "
                        + sl.count() + " bytes, the data " + data.length);
            }
            if (sl.step() == 1) {
                MemorySegment.copy(data, 0, s, BYTE, sl.start(), data.length);
            } else {
                for (int k = 0; k < data.length; k++) {
                    s.set(BYTE, sl.start() + k * sl.step(), data[k]);
                }
            }
            return 0;
        });
    }

    /**
     * memmove within the map: copies {@code count} bytes from {@code src} to {@code dest}, which
     * may overlap either way. If the file shrinks under the move, it throws
     * {@link MappingFaultException} having moved a part, in chunks of 64 KiB (from the end when
     * {@code dest > src}), and never writes a byte it did not read.
     *
     * @throws IllegalArgumentException "source, destination, or count out of range"; nothing moves
     */
    public void move(long dest, long src, long count) {
        positioned(s -> { // under the lock: a move redone after a resize would copy already-moved bytes
            checkWritable();
            long size = s.byteSize();
            if (dest < 0 || src < 0 || count < 0 || size - dest < count || size - src < count) {
                throw new IllegalArgumentException("source, destination, or count out of range: dest " + dest
                        + ", src " + src + ", count " + count + ", length " + size);
            }
            Faults.move(s, src, s, dest, count); // a faulting source never writes a byte it did not read
            return 0;
        });
    }

    // ---------------------------------------------------------------- search

    /** The lowest index at or after the position where {@code sub} starts, or -1: {@code m.find(sub)}. */
    public long find(byte[] sub) {
        return find(sub, tell(), Long.MAX_VALUE);
    }

    /** {@code m.find(sub, start)}. */
    public long find(byte[] sub, long start) {
        return find(sub, start, Long.MAX_VALUE);
    }

    /**
     * The lowest index in {@code [start, end)} where all of {@code sub} lies, or -1:
     * {@code m.find(sub, start, end)}. Negative bounds count from the end; bounds clamp to the map.
     */
    public long find(byte[] sub, long start, long end) {
        return search(sub, start, end, false);
    }

    /** The highest index at or after the position where {@code sub} starts, or -1: {@code m.rfind(sub)}. */
    public long rfind(byte[] sub) {
        return rfind(sub, tell(), Long.MAX_VALUE);
    }

    /** {@code m.rfind(sub, start)}. */
    public long rfind(byte[] sub, long start) {
        return rfind(sub, start, Long.MAX_VALUE);
    }

    /** The highest index in {@code [start, end)} where all of {@code sub} lies, or -1: {@code m.rfind(sub, start, end)}. */
    public long rfind(byte[] sub, long start, long end) {
        return search(sub, start, end, true);
    }

    private long search(byte[] sub, long start, long end, boolean last) {
        MemorySegment needle = MemorySegment.ofArray(sub);
        return indexed(s -> {
            long from = PyIndex.findBound(start, s.byteSize());
            long to = PyIndex.findBound(end, s.byteSize());
            return last ? ByteSearch.lastIndexOf(s, from, to, needle, mayShrink())
                    : ByteSearch.indexOf(s, from, to, needle, mayShrink());
        });
    }

    // ---------------------------------------------------------------- file-like

    /** Everything from the position to the end; the position moves to the end: {@code m.read()}. */
    public byte[] read() {
        return read(-1);
    }

    /** Up to {@code n} bytes from the position (negative: all of them); the position moves past them. */
    public byte[] read(long n) {
        return positioned(s -> {
            long size = s.byteSize();
            long remaining = pos < size ? size - pos : 0;
            byte[] out = copyOut(s, pos, n < 0 || n > remaining ? remaining : n);
            pos += out.length;
            return out;
        });
    }

    /**
     * Reads up to {@code dst.length} bytes from the position into {@code dst} and moves past
     * them; returns how many, 0 at the end. Python's {@code readinto(b)} of its file objects: the
     * way to read a large map in pieces without a new array per piece.
     */
    public int readInto(byte[] dst) {
        return readInto(dst, 0, dst.length);
    }

    /** {@link #readInto(byte[])} into {@code dst[off, off + len)}. */
    public int readInto(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        return positioned(s -> {
            long size = s.byteSize();
            int n = (int) Math.min(len, pos < size ? size - pos : 0);
            if (n > 0) {
                MemorySegment.copy(s, BYTE, pos, dst, off, n);
                pos += n;
            }
            return n;
        });
    }

    /** The byte at the position, 0..255, and moves past it: {@code m.read_byte()}. */
    public int readByte() {
        return positioned(s -> {
            if (pos >= s.byteSize()) {
                throw new IllegalArgumentException("read byte out of range: position " + pos + ", length " + s.byteSize());
            }
            return ByteSearch.byteAt(s, pos++);
        });
    }

    /** The bytes from the position up to and including the next {@code \n} (or to the end): {@code m.readline()}. */
    public byte[] readLine() {
        return positioned(s -> {
            long size = s.byteSize();
            if (pos >= size) {
                return new byte[0];
            }
            long newline = ByteSearch.indexOf(s, pos, size, (byte) '\n', mayShrink());
            byte[] out = copyOut(s, pos, (newline < 0 ? size : newline + 1) - pos);
            pos += out.length;
            return out;
        });
    }

    /**
     * Writes {@code data} at the position and moves past it; returns {@code data.length}.
     *
     * @throws IllegalArgumentException "data out of range": it does not fit; nothing is written
     */
    public int write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return positioned(s -> {
            checkWritable();
            long size = s.byteSize();
            if (pos > size || size - pos < data.length) {
                throw new IllegalArgumentException("data out of range: " + data.length + " bytes at position " + pos
                        + ", length " + size);
            }
            MemorySegment.copy(data, 0, s, BYTE, pos, data.length);
            pos += data.length;
            return data.length;
        });
    }

    /** Writes one byte, 0..255, at the position and moves past it: {@code m.write_byte(value)}. */
    public void writeByte(int value) {
        positioned(s -> { // Python's order: closed, value, read-only, position
            byte b = checkedByte(value, "byte must be in range(0, 256): ");
            checkWritable();
            if (pos >= s.byteSize()) {
                throw new IllegalArgumentException("write byte out of range: position " + pos + ", length " + s.byteSize());
            }
            s.set(BYTE, pos++, b);
            return 0;
        });
    }

    /** Moves the position to {@code pos}: {@code m.seek(pos)}. */
    public long seek(long pos) {
        return seek(pos, SEEK_SET);
    }

    /**
     * Moves the position relative to {@link #SEEK_SET}, {@link #SEEK_CUR} or {@link #SEEK_END}
     * and returns it.
     *
     * @throws IllegalArgumentException "seek out of range" (before 0 or after the end), "unknown seek type"
     */
    public long seek(long dist, int whence) {
        return positioned(s -> {
            long size = s.byteSize();
            long where;
            try {
                where = switch (whence) {
                    case SEEK_SET -> dist;
                    case SEEK_CUR -> Math.addExact(pos, dist);
                    case SEEK_END -> Math.addExact(size, dist);
                    default -> throw new IllegalArgumentException("unknown seek type: " + whence);
                };
            } catch (ArithmeticException e) {
                where = -1;
            }
            if (where < 0 || where > size) {
                throw new IllegalArgumentException("seek out of range: " + dist + " from " + WHENCE[whence]
                        + ", length " + size);
            }
            pos = where;
            return where;
        });
    }

    /** The position: {@code m.tell()}. */
    public long tell() {
        return positioned(s -> pos);
    }

    /** Always true: a map can seek. */
    public boolean seekable() {
        return true;
    }

    // ---------------------------------------------------------------- kernel

    /** {@code m.flush()}: msync(MS_SYNC) of the whole map; nothing to do for READ and COPY. */
    public void flush() throws MmapException {
        flush(0, length());
    }

    /**
     * {@code m.flush(offset, size)}: msync(MS_SYNC) of that range, widened to whole pages.
     *
     * @throws IllegalArgumentException "flush values out of range"
     * @throws MmapException            EIO, ENOMEM
     */
    public void flush(long offset, long size) throws MmapException {
        long length = length();
        if (size < 0 || offset < 0 || length - offset < size) {
            throw new IllegalArgumentException("flush values out of range: offset " + offset + ", size " + size
                    + ", length " + length);
        }
        if (access == Access.READ || access == Access.COPY) {
            return;
        }
        mapping.sync(offset, size, MsyncFlag.MS_SYNC);
    }

    /** {@code m.madvise(advice)} over the whole map. */
    public void madvise(Advice advice) throws MmapException {
        madvise(advice, 0, length());
    }

    /** {@code m.madvise(advice, start)}: from {@code start} to the end. */
    public void madvise(Advice advice, long start) throws MmapException {
        madvise(advice, start, length()); // Python's default length is the map's, cut at the end
    }

    /**
     * {@code m.madvise(advice, start, length)}: a length past the end is cut to the end. The
     * range is widened to whole pages, except for advice that drops data (see
     * {@link Mapping#advise(long, long, Advice)}).
     *
     * @throws IllegalArgumentException "madvise start out of bounds", "madvise length invalid",
     *                                  "madvise length too large" ({@code start + length} overflows)
     * @throws MmapException            EINVAL, EAGAIN, EPERM …
     */
    public void madvise(Advice advice, long start, long length) throws MmapException {
        Objects.requireNonNull(advice, "advice");
        long size = length();
        if (start < 0 || start >= size) {
            throw new IllegalArgumentException("madvise start out of bounds: " + start + ", length " + size);
        }
        if (length < 0) {
            throw new IllegalArgumentException("madvise length invalid: " + length);
        }
        if (Long.MAX_VALUE - start < length) {
            throw new IllegalArgumentException("madvise length too large: start " + start + ", length " + length);
        }
        mapping.advise(start, Math.min(length, size - start), advice);
    }

    /**
     * Resizes the map and the file: {@code m.resize(newSize)}. The file's size becomes
     * {@code offset + newSize}, as in Python (bytes of the file past that are cut off); the
     * bytes both sizes share are kept. On Linux the map grows or shrinks in place where it can,
     * through mremap(2). Anonymous memory is resized without a file. The position is unchanged.
     * If either step fails, the file and the map are restored.
     *
     * @throws UnsupportedOperationException the access is READ or COPY
     * @throws IllegalArgumentException      {@code newSize} is not positive, the map was made with
     *                                       {@code trackFd(false)}, or it is shared anonymous memory asked
     *                                       to grow (the kernel would not back the new pages)
     * @throws MmapException                 ftruncate or mremap failed (ENOMEM, EFBIG, ENOSPC)
     */
    public void resize(long newSize) throws MmapException {
        bytes();
        if (!trackFd) {
            throw new IllegalArgumentException("mmap can't resize with trackfd=False.");
        }
        if (access == Access.READ || access == Access.COPY) {
            throw new UnsupportedOperationException("mmap can't resize a readonly or copy-on-write memory map.");
        }
        if (newSize <= 0 || Long.MAX_VALUE - newSize < offset) {
            throw new IllegalArgumentException("new size out of range: " + newSize + " (a map holds at least one byte)");
        }
        handle.locked(() -> {
            Resizer.resize(os, handle, offset, reserve, newSize);
            return null;
        });
    }
    // ---------------------------------------------------------------- views and state

    /**
     * The mapped bytes as a segment, for Java code (read-only for {@link Access#READ}). It dies
     * at {@link #close()} and {@link #resize}.
     *
     * @throws IllegalStateException the map is closed
     */
    public MemorySegment segment() {
        return bytes();
    }

    /**
     * The whole map as ISO-8859-1 characters (one char per byte), for
     * {@link java.util.regex.Pattern} and other {@link CharSequence} consumers. It reads the map
     * in 8 KiB windows copied out of it, each a guarded access: a truncated file is a
     * {@link MappingFaultException} from {@code charAt}, never a bare {@link InternalError}
     * somewhere inside the consumer. It dies with the map ({@link #close()}, {@link #resize}).
     *
     * @throws IllegalArgumentException the map holds more than {@link Integer#MAX_VALUE} bytes:
     *                                  take windows with {@link #asCharSequence(long, int)}
     */
    public CharSequence asCharSequence() {
        return new Latin1Chars(this, bytes());
    }

    /** {@code length} bytes from {@code start} as ISO-8859-1 characters. */
    public CharSequence asCharSequence(long start, int length) {
        MemorySegment s = bytes();
        Objects.checkFromIndexSize(start, length, s.byteSize());
        return new Latin1Chars(this, s.asSlice(start, length));
    }

    /** The access the map was made with (DEFAULT turns into READ or WRITE when prot says so, as in Python). */
    public Access access() {
        return access;
    }

    /** The file offset of the first mapped byte. */
    public long offset() {
        return offset;
    }

    /** Whether {@link #close()} has run: Python's {@code m.closed}. */
    public boolean isClosed() {
        return mapping.isClosed();
    }

    /**
     * Unmaps and closes the map's descriptor. Idempotent. Other threads' calls in flight end
     * with {@link IllegalStateException}. Writes of {@link Access#WRITE} are in the file's page
     * cache already: readers of the file see them; {@link #flush()} first to have them on disk.
     *
     * @throws UncheckedIOException closing the descriptor failed (it is released all the same)
     */
    @Override
    public void close() {
        handle.close();
    }

    /** Shaped like Python's repr: {@code <MappedFile closed=false, access=WRITE, length=4096, pos=0, offset=0>}. */
    @Override
    public String toString() {
        if (isClosed()) {
            return "<MappedFile closed=true>";
        }
        return "<MappedFile closed=false, access=" + access + ", length=" + mapping.byteSize() + ", pos=" + pos
                + ", offset=" + offset + ">";
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Whether the memory can lose pages under us: a file (by this process or any other) can be
     * truncated; anonymous memory cannot. Searches then read only in shapes the JVM recovers from.
     */
    private boolean mayShrink() {
        return !mapping.flags().contains(MapFlag.MAP_ANONYMOUS);
    }

    private MemorySegment bytes() {
        return handle.bytes();
    }

    private static byte checkedByte(int value, String message) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(message + value);
        }
        return (byte) value;
    }

    private void checkWritable() {
        if (access == Access.READ) {
            throw new UnsupportedOperationException("mmap can't modify a readonly memory map.");
        }
    }

    private byte[] copyOut(MemorySegment s, long from, long count) {
        if (count == 0) {
            return new byte[0]; // the position may lie past the end after a shrink
        }
        byte[] out = new byte[new PyIndex(from, 1, count).arrayLength()];
        MemorySegment.copy(s, BYTE, from, out, 0, out.length);
        return out;
    }

    private <R> R indexed(MapHandle.SegmentOp<R> op) {
        return handle.indexed(op);
    }

    private <R> R positioned(MapHandle.SegmentOp<R> op) {
        return handle.positioned(op);
    }

    /** For {@link Latin1Chars}: see {@link MapHandle#copyOf}. */
    byte[] copyOf(MemorySegment s, long from, int count) {
        return handle.copyOf(s, from, count);
    }
}
