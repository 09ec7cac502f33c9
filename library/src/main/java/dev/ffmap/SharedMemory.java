package dev.ffmap;

import dev.ffmap.internal.Os;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Memory that several processes map at once: a named POSIX shared memory object
 * ({@code shm_open}, found by name) or an anonymous memfd ({@code memfd_create}, found through
 * its descriptor), mapped with {@link #map} into {@link Mapping}s with the usual lifetime safety.
 *
 * <pre>{@code
 * // process A: creates the object, and removes its name when done
 * try (SharedMemory shm = SharedMemory.create("/jobs", 4096).unlinkOnClose(); Mapping m = shm.map()) {
 *     SharedLong.at(m.segment(), 0).setRelease(42);
 *     ...
 * }
 * // process B, while A has it
 * try (SharedMemory shm = SharedMemory.open("/jobs"); Mapping m = shm.map()) {
 *     long v = SharedLong.at(m.segment(), 0).getAcquire();
 * }
 * }</pre>
 *
 * <p><b>Descriptor.</b> This object owns one descriptor, opened {@code O_CLOEXEC} (or
 * {@code MFD_CLOEXEC}) so child processes do not inherit it unless {@link #setInheritable} asks
 * for it. {@link #close()} closes it; mappings made with {@link #map} stay valid until they are
 * closed themselves. Java's {@code ProcessBuilder} closes every descriptor but 0-2 in the child,
 * so to hand a memfd to a Java child pass {@link #path()} ({@code /proc/<pid>/fd/<fd>}), which
 * the child opens with {@link #open(Path)} while this object is open.
 *
 * <p><b>Names.</b> A named object lives until {@link #unlink()} (or {@link #close()} after
 * {@link #unlinkOnClose()}), even when no process has it open; on Linux it is the file
 * {@code /dev/shm/<name>}. A memfd disappears with its last descriptor and mapping.
 *
 * <p><b>Windows (untested: this code has never run on Windows).</b> A named object is a section
 * of the paging file, Python's {@code mmap(-1, size, tagname="x")}: {@link #create} and
 * {@link #openOrCreate} are CreateFileMappingW, {@link #open(String)} is OpenFileMappingW, and
 * {@link #map} maps views of it with MapViewOfFileEx. The name {@code "/x"} or {@code "x"} is the
 * section {@code x} in the session's namespace, the one Python's {@code tagname="x"} names;
 * {@code "Local\\x"} and {@code "Global\\x"} (Java literals) choose the namespace (creating a
 * {@code Global\} section needs SeCreateGlobalPrivilege), and no other backslash is allowed.
 * Unlike POSIX, a section keeps the size it was created with ({@link #resize}, and mapping past
 * its end with {@code grow}, throw), and it has no name to unlink: it lives while some process
 * has a handle or view of it, so {@link #unlink()} and {@link #unlinkOnClose()} do nothing
 * there, and once every {@code SharedMemory} and {@code Mapping} of it is closed,
 * {@link #open(String)} fails with {@code ERROR_FILE_NOT_FOUND}. {@link #fd()} is a number
 * standing for the section handle, and {@link #path()} is null. {@link #anonymous},
 * {@link #seal} and {@link #seals} are Linux-only.
 *
 * <p><b>Threads.</b> All methods are thread-safe.
 */
public final class SharedMemory implements AutoCloseable {
    private static final int NAME_MAX = 255;
    private static final int DEFAULT_MODE = 0600;

    private final Os os;
    /** "/name" for shm_open objects, null for a memfd or a path. */
    private final String name;
    private final Path path;
    private final int fd;
    private boolean unlinkOnClose;
    private boolean closed;

    private SharedMemory(Os os, String name, Path path, int fd) {
        this.os = os;
        this.name = name;
        this.path = path;
        this.fd = fd;
    }

    /**
     * Creates the named object {@code name} ({@code "/x"} or {@code "x"}) with {@code size} zero
     * bytes: {@code O_CREAT|O_EXCL}, mode {@code 0600} (less the umask). On Windows (untested):
     * CreateFileMappingW on the paging file with the name, refused as O_EXCL refuses if the
     * section exists.
     *
     * @param name the object's name, {@code "/x"} or {@code "x"} ({@code Local\\x} or {@code Global\\x} on Windows)
     * @param size the size in bytes, positive
     * @return the new object, open read-write; close it (and unlink the name) when done
     * @throws MmapException EEXIST (the name exists), EACCES, ENAMETOOLONG, ENOSPC (ftruncate);
     *                       on Windows ERROR_ALREADY_EXISTS (the name exists), ERROR_ACCESS_DENIED,
     *                       ERROR_INVALID_HANDLE (another kind of object has the name),
     *                       ERROR_COMMITMENT_LIMIT
     * @throws IllegalArgumentException the name is empty, too long or has a '/' after the first
     *                                  character, or on Windows a backslash other than that of a
     *                                  {@code Local\} or {@code Global\} prefix; size is not positive
     */
    public static SharedMemory create(String name, long size) throws MmapException {
        return createNamed(name, size, true);
    }

    /**
     * Opens the named object, creating it with {@code size} zero bytes and mode {@code 0600} if
     * it does not exist. An existing object keeps its size, unless it is empty. On Windows
     * (untested): CreateFileMappingW, which opens an existing section with the size it has, as
     * Python's {@code mmap(-1, size, tagname=name)} does.
     *
     * @param name the object's name, {@code "/x"} or {@code "x"} ({@code Local\\x} or {@code Global\\x} on Windows)
     * @param size the size in bytes if it is created (or found empty), positive
     * @return the object, open read-write
     * @throws MmapException EACCES, ENAMETOOLONG, ENOSPC; on Windows ERROR_ACCESS_DENIED,
     *                       ERROR_INVALID_HANDLE (another kind of object has the name)
     */
    public static SharedMemory openOrCreate(String name, long size) throws MmapException {
        return createNamed(name, size, false);
    }

    private static SharedMemory createNamed(String name, long size, boolean exclusive) throws MmapException {
        String shmName = shmName(name);
        requirePositive(size);
        Os os = Os.current();
        if (os.hasSections()) {
            return new SharedMemory(os, shmName, null, os.createSection(shmName, size, exclusive));
        }
        EnumSet<OpenFlag> flags = EnumSet.of(OpenFlag.O_RDWR, OpenFlag.O_CREAT, OpenFlag.O_CLOEXEC);
        if (exclusive) {
            flags.add(OpenFlag.O_EXCL);
        }
        int fd = os.shmOpen(shmName, NativeFlag.mask(flags), DEFAULT_MODE);
        try {
            if (os.fstat(fd).size() == 0) {
                os.ftruncate(fd, size);
            }
            return new SharedMemory(os, shmName, devShm(shmName), fd);
        } catch (Throwable t) {
            FileMapper.closeAfterFailure(os, fd, t);
            if (exclusive) {
                unlinkAfterFailure(os, shmName, t);
            }
            throw t;
        }
    }

    /**
     * Opens the existing named object {@code name} for reading and writing. On Windows
     * (untested): OpenFileMappingW; {@link #size()} is then the section's size rounded up to
     * whole pages, the only size Windows tells a process that did not create it.
     *
     * @param name the object's name, {@code "/x"} or {@code "x"} ({@code Local\\x} or {@code Global\\x} on Windows)
     * @return the object, open read-write
     * @throws MmapException ENOENT (no such name), EACCES; on Windows ERROR_FILE_NOT_FOUND (no
     *                       such name, or every handle and view of it was closed), ERROR_ACCESS_DENIED
     */
    public static SharedMemory open(String name) throws MmapException {
        String shmName = shmName(name);
        Os os = Os.current();
        if (os.hasSections()) {
            return new SharedMemory(os, shmName, null, os.openSection(shmName));
        }
        int fd = os.shmOpen(shmName, NativeFlag.mask(EnumSet.of(OpenFlag.O_RDWR, OpenFlag.O_CLOEXEC)), 0);
        return new SharedMemory(os, shmName, devShm(shmName), fd);
    }

    /**
     * Opens shared memory that another process handed over as a path, e.g. its {@link #path()}
     * ({@code /proc/<pid>/fd/<fd>} of a memfd, which gives the same memory and its seals).
     *
     * @param path the path to open read-write; a regular file or shared memory object
     * @return the object; {@link #name()} is {@code null}
     * @throws java.nio.file.FileSystemException the path is not of a kind mmap can map
     * @throws IOException the open or fstat failed ({@link MmapException} names the call and errno)
     * @throws java.nio.file.NoSuchFileException the path does not exist (the owner closed it)
     * @throws java.nio.file.AccessDeniedException the path cannot be opened for writing
     */
    public static SharedMemory open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Os os = Os.current();
        int fd = FileMapper.open(os, path, FileMapper.openFlags(true)); // non-blocking: a FIFO must not hang the open
        try {
            Os.FileInfo info = os.fstat(fd);
            if (!info.type().mappable()) {
                throw new FileSystemException(path.toString(), null, "Is a " + info.type() + ", which mmap cannot map");
            }
            return new SharedMemory(os, null, path, fd);
        } catch (Throwable t) {
            FileMapper.closeAfterFailure(os, fd, t);
            throw t;
        }
    }

    /**
     * Creates anonymous shared memory of {@code size} zero bytes with {@code memfd_create},
     * {@code MFD_CLOEXEC|MFD_ALLOW_SEALING}. {@code debugName} shows in {@code /proc/<pid>/maps}
     * as {@code /memfd:<debugName>}; it need not be unique.
     *
     * @param debugName a name for diagnostics, without NUL characters
     * @param size      the size in bytes, positive
     * @return the object, open read-write and sealable; {@link #path()} is its {@code /proc} path
     * @throws IllegalArgumentException debugName holds a NUL, or size is not positive
     * @throws MmapException EMFILE, ENOMEM, EINVAL (name longer than 249 bytes)
     */
    public static SharedMemory anonymous(String debugName, long size) throws MmapException {
        Objects.requireNonNull(debugName, "debugName");
        if (debugName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A memfd name is a C string: it may not hold NUL: " + debugName);
        }
        requirePositive(size);
        Os os = Os.current();
        int fd = os.memfdCreate(debugName, true);
        try {
            os.ftruncate(fd, size);
            return new SharedMemory(os, null, procPath(fd), fd);
        } catch (Throwable t) {
            FileMapper.closeAfterFailure(os, fd, t);
            throw t;
        }
    }

    /**
     * Removes the named object {@code name}; processes that have it open or mapped keep it. On
     * Windows only the name is checked: a section has no name to remove (see the class comment).
     *
     * @param name the object's name, {@code "/x"} or {@code "x"} ({@code Local\\x} or {@code Global\\x} on Windows)
     * @throws MmapException ENOENT (no such name), EACCES
     */
    public static void unlink(String name) throws MmapException {
        Os.current().shmUnlink(shmName(name));
    }

    /**
     * Maps the whole object for reading and writing, {@code MAP_SHARED}.
     *
     * @return a new mapping, which outlives {@link #close()}; close it separately
     * @throws IOException as {@link #map(MapOptions)}
     */
    public Mapping map() throws IOException {
        return map(MapOptions.readWrite());
    }

    /**
     * Maps the object with {@code options}; {@code grow} extends it. The mapping outlives
     * {@link #close()}.
     *
     * @param options which range to map and how
     * @return a new mapping; close it separately
     * @throws IllegalStateException this object is closed
     * @throws MmapException EPERM (a writable shared mapping of a memfd sealed with
     *                       {@link SealFlag#F_SEAL_WRITE}), EACCES, ENOMEM
     */
    public synchronized Mapping map(MapOptions options) throws IOException {
        ensureOpen();
        return Mapping.mapOpen(os, path, fd, options);
    }

    /**
     * The size in bytes, from fstat(2). On Windows (untested) the size the section was created
     * with, or, when it was opened rather than created here, that size rounded up to whole pages.
     *
     * @return the size in bytes
     * @throws MmapException the fstat failed
     * @throws IllegalStateException this object is closed
     */
    public synchronized long size() throws MmapException {
        ensureOpen();
        return os.fstat(fd).size();
    }

    /**
     * Sets the size with ftruncate(2). Mappings beyond a smaller size fault (SIGBUS) on access:
     * shrink only what nobody maps.
     *
     * @param size the new size in bytes, positive
     * @throws MmapException EPERM (sealed with F_SEAL_GROW or F_SEAL_SHRINK), ENOSPC
     * @throws UnsupportedOperationException on Windows, where a section keeps the size it was created with
     */
    public synchronized void resize(long size) throws MmapException {
        requirePositive(size);
        ensureOpen();
        os.ftruncate(fd, size);
    }

    /**
     * Adds seals to a memfd (fcntl F_ADD_SEALS); they bind every process that has it.
     *
     * @param first a seal to add
     * @param more  further seals to add
     * @throws MmapException EPERM (F_SEAL_SEAL is set, or not a memfd made with sealing),
     *                       EBUSY (F_SEAL_WRITE while a writable shared mapping exists), EINVAL
     */
    public synchronized void seal(SealFlag first, SealFlag... more) throws MmapException {
        int mask = NativeFlag.mask(EnumSet.of(first, more));
        ensureOpen();
        os.addSeals(fd, mask);
    }

    /**
     * The seals set on the file (fcntl F_GET_SEALS).
     *
     * @return the seals set, empty if none
     * @throws MmapException EINVAL for a file that cannot be sealed
     */
    public synchronized Set<SealFlag> seals() throws MmapException {
        ensureOpen();
        int mask = os.seals(fd);
        EnumSet<SealFlag> set = EnumSet.noneOf(SealFlag.class);
        for (SealFlag s : SealFlag.values()) {
            if (s.isSupported() && (mask & s.value()) != 0) {
                set.add(s);
            }
        }
        return set;
    }

    /**
     * Lets child processes started with exec inherit the descriptor ({@code true} clears
     * {@code FD_CLOEXEC}). Java's {@code ProcessBuilder} does not pass it on anyway: see the
     * class comment. On Windows it changes nothing: the section handle is never inherited.
     *
     * @param inheritable {@code true} to clear {@code FD_CLOEXEC}, {@code false} to set it
     * @throws MmapException the fcntl failed
     */
    public synchronized void setInheritable(boolean inheritable) throws MmapException {
        ensureOpen();
        os.setCloseOnExec(fd, !inheritable);
    }

    /**
     * Asks {@link #close()} to unlink the name too; for the process that created it. Returns this.
     * On Windows close unlinks nothing: the section goes with its last handle and view.
     *
     * @return this object
     * @throws IllegalStateException this object has no name (a memfd or a path)
     */
    public synchronized SharedMemory unlinkOnClose() {
        if (name == null) {
            throw new IllegalStateException("Only named shared memory has a name to unlink: " + this);
        }
        unlinkOnClose = true;
        return this;
    }

    /**
     * Removes this object's name now; it stays usable here and in every process that has it. On
     * Windows it does nothing: a section has no name to remove.
     *
     * @throws MmapException ENOENT (the name was already removed), EACCES
     * @throws IllegalStateException this object has no name (a memfd or a path)
     */
    public synchronized void unlink() throws MmapException {
        if (name == null) {
            throw new IllegalStateException("Only named shared memory has a name to unlink: " + this);
        }
        os.shmUnlink(name);
        unlinkOnClose = false;
    }

    /**
     * The name given to shm_open, with its leading '/', or {@code null} for a memfd. On Windows
     * the section's name is this without the '/'.
     *
     * @return the name, or {@code null}
     */
    public String name() {
        return name;
    }

    /**
     * A path other processes of the same user can open with {@link #open(Path)}: {@code
     * /dev/shm/<name>} for a named object, {@code /proc/<pid>/fd/<fd>} for a memfd; {@code null}
     * for a Windows section, which other processes open by {@link #name()}.
     *
     * @return the path, or {@code null}
     */
    public Path path() {
        return path;
    }

    /**
     * The descriptor, for calls of your own; it belongs to this object, which closes it. On
     * Windows a number that stands for the section handle inside this library only.
     *
     * @return the open descriptor
     * @throws IllegalStateException this object is closed
     */
    public synchronized int fd() {
        ensureOpen();
        return fd;
    }

    /** Closes the descriptor and, after {@link #unlinkOnClose()}, unlinks the name. Idempotent. */
    @Override
    public synchronized void close() throws MmapException {
        if (closed) {
            return;
        }
        closed = true;
        MmapException failure = null;
        try {
            os.close(fd);
        } catch (MmapException e) {
            failure = e;
        }
        if (unlinkOnClose) {
            try {
                os.shmUnlink(name);
            } catch (MmapException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT, "SharedMemory[%s, fd=%d%s]",
                name != null ? name : path, fd, closed ? ", closed" : "");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SharedMemory is closed: " + this);
        }
    }

    /** "x" or "/x" to "/x", refusing what shm_open would refuse or misread. */
    static String shmName(String name) {
        Objects.requireNonNull(name, "name");
        String bare = name.startsWith("/") ? name.substring(1) : name;
        if (bare.isEmpty() || bare.equals(".") || bare.equals("..")) {
            throw new IllegalArgumentException("Shared memory needs a name other than \"\", \".\" and \"..\": \"" + name + "\"");
        }
        if (bare.length() > NAME_MAX) {
            throw new IllegalArgumentException("Shared memory name longer than " + NAME_MAX + " characters: " + name);
        }
        if (bare.indexOf('/') >= 0 || bare.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Shared memory name may have one leading '/' and no other '/' or NUL: " + name);
        }
        return "/" + bare;
    }

    private static Path devShm(String shmName) {
        return Path.of("/dev/shm", shmName.substring(1));
    }

    private static Path procPath(int fd) {
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
    }

    private static void requirePositive(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("Size must be positive: " + size);
        }
    }

    private static void unlinkAfterFailure(Os os, String shmName, Throwable failure) {
        try {
            os.shmUnlink(shmName);
        } catch (MmapException e) {
            failure.addSuppressed(e);
        }
    }
}
