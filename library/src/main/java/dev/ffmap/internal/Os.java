package dev.ffmap.internal;

import dev.ffmap.MmapException;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The operating system as ffmap sees it: the mmap family with C's argument order, the file
 * calls a mapping needs, and the platform's own values for every flag, looked up by C name.
 *
 * <p>Exactly one backend exists per process ({@link LinuxOs}, {@link DarwinOs} or
 * {@link WindowsOs}), chosen from {@code os.name} and {@code os.arch} on first use. Only backends
 * touch generated bindings; the layers above pass plain {@code int} flag masks and {@code long}
 * addresses. Every method that fails throws {@link MmapException} naming the call,
 * its arguments and the error.
 */
public interface Os {

    /** The backend for the running platform; throws if there is none. */
    static Os current() {
        Os os = Selected.OS;
        if (os == null) {
            throw new UnsupportedOperationException(Selected.WHY);
        }
        return os;
    }

    /** The platform's name as shown in messages, e.g. {@code "Linux (amd64)"}. */
    String name();

    /** The value of the C constant {@code cName} on this platform, or empty if it has none. */
    OptionalInt constant(String cName);

    /** The message for a flag this OS lacks: names the flag and the OS, and a stand-in if there is one. */
    default String missing(String cName) {
        return cName + " is not available on " + name();
    }

    /**
     * Renders {@code value} as the C names of the family's constants, e.g.
     * {@code describe("MAP", 0x8001) = "MAP_SHARED|MAP_POPULATE"}; bits without a name are
     * shown in hex.
     */
    String describe(String family, int value);

    long pageSize();

    /** The alignment a file offset must have: the page size on POSIX, 64 KiB on Windows. */
    long allocationGranularity();

    long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws MmapException;

    void munmap(long addr, long length) throws MmapException;

    void msync(long addr, long length, int flags) throws MmapException;

    void madvise(long addr, long length, int advice) throws MmapException;

    void mprotect(long addr, long length, int prot) throws MmapException;

    void mlock(long addr, long length) throws MmapException;

    void munlock(long addr, long length) throws MmapException;

    /** Fills {@code vec} (native, one byte per page) with residency bits, as mincore(2). */
    void mincore(long addr, long length, MemorySegment vec) throws MmapException;

    /** mremap(2); {@code newAddr} is used only with {@code MREMAP_FIXED}. */
    long mremap(long oldAddr, long oldLength, long newLength, int flags, long newAddr) throws MmapException;

    int open(String path, int flags, int mode) throws MmapException;

    void close(int fd) throws MmapException;

    /** A new descriptor for the same open file, close-on-exec: fcntl(fd, F_DUPFD_CLOEXEC, 0). */
    int dupCloexec(int fd) throws MmapException;

    /** Sets or clears FD_CLOEXEC: fcntl(fd, F_SETFD, …). */
    void setCloseOnExec(int fd, boolean on) throws MmapException;

    /** fcntl(fd, F_ADD_SEALS, seals) on a memfd made with sealing allowed. */
    void addSeals(int fd, int seals) throws MmapException;

    /** fcntl(fd, F_GET_SEALS): the seals set on the file. */
    int seals(int fd) throws MmapException;

    /** shm_open(3): a descriptor of the POSIX shared memory object {@code name} ("/x"). */
    int shmOpen(String name, int flags, int mode) throws MmapException;

    /**
     * shm_unlink(3): removes the name; mappings and descriptors stay valid. Where named shared
     * memory is a section ({@link #hasSections()}), it only checks the name: a section has no name
     * to remove.
     */
    void shmUnlink(String name) throws MmapException;

    /**
     * Whether named shared memory is a Windows section: created at its final size in one call
     * ({@link #createSection}), found by {@link #openSection}, never resized, and gone with its
     * last handle and view. {@code false} where it is a shm_open file, sized with ftruncate and
     * removed with shm_unlink.
     */
    default boolean hasSections() {
        return false;
    }

    /**
     * CreateFileMappingW on the paging file: a descriptor of the section named after {@code name}
     * ("/x"), {@code size} bytes of zeros. An existing section is refused with
     * ERROR_ALREADY_EXISTS if {@code exclusive}, else opened with the size it has.
     */
    default int createSection(String name, long size, boolean exclusive) throws MmapException {
        throw new UnsupportedOperationException(missing("CreateFileMappingW"));
    }

    /** OpenFileMappingW: a descriptor of the existing section named after {@code name} ("/x"). */
    default int openSection(String name) throws MmapException {
        throw new UnsupportedOperationException(missing("OpenFileMappingW"));
    }

    /** memfd_create(2) with MFD_CLOEXEC, and MFD_ALLOW_SEALING if asked. */
    int memfdCreate(String name, boolean allowSealing) throws MmapException;

    FileInfo fstat(int fd) throws MmapException;

    void ftruncate(int fd, long length) throws MmapException;

    /**
     * posix_fallocate(3): gives {@code [offset, offset + length)} of the file disk blocks now,
     * growing the file if the range passes its end, so that a full disk is ENOSPC here and not a
     * SIGBUS at the first write through a mapping.
     */
    default void fallocate(int fd, long offset, long length) throws MmapException {
        throw new UnsupportedOperationException(missing("posix_fallocate"));
    }

    /**
     * posix_fadvise(2): advice on a range of an open file's page cache ({@code length} 0: to the
     * end of the file).
     */
    default void fadvise(int fd, long offset, long length, int advice) throws MmapException {
        throw new UnsupportedOperationException(missing("posix_fadvise"));
    }

    /**
     * The soft RLIMIT_MEMLOCK of this process in bytes ({@code Long.MAX_VALUE} for unlimited), or
     * empty where the platform has no such limit or ffmap cannot read it.
     */
    default OptionalLong memlockLimit() {
        return OptionalLong.empty();
    }

    /** What fstat(2) says of an open file, as far as mapping cares. */
    record FileInfo(long size, FileType type) {
        public boolean regular() {
            return type == FileType.REGULAR;
        }

        public boolean directory() {
            return type == FileType.DIRECTORY;
        }
    }

    /** The file types of stat's {@code st_mode}, named as {@code ls -l} and stat(1) name them. */
    enum FileType {
        REGULAR("regular file"), DIRECTORY("directory"), FIFO("FIFO"), SOCKET("socket"),
        CHARACTER_DEVICE("character device"), BLOCK_DEVICE("block device"), OTHER("file of another kind");

        private final String description;

        FileType(String description) {
            this.description = description;
        }

        /** Whether mmap(2) can map it: never a FIFO, a socket or a directory (ENODEV, EACCES). */
        public boolean mappable() {
            return this != FIFO && this != SOCKET && this != DIRECTORY;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Picks the backend once; an unknown platform is reported at first use, not at class load. */
    final class Selected {
        static final Os OS;
        static final String WHY;

        static {
            String osName = System.getProperty("os.name", "?");
            String arch = System.getProperty("os.arch", "?");
            String platform = osName + " (" + arch + ")";
            String backend = backend(osName, arch);
            OS = switch (backend) {
                case "linux" -> new LinuxOs(platform);
                case "macos" -> new DarwinOs(platform);
                case "windows" -> new WindowsOs(platform);
                default -> null;
            };
            WHY = OS == null ? "ffmap has no backend for " + platform + "; supported: Linux on x86-64, aarch64,"
                    + " riscv64, ppc64le and s390x, macOS and Windows on x86-64 and aarch64" : null;
        }

        /**
         * Which backend serves {@code osName} on {@code arch}: "linux", "macos", "windows", or "" for
         * none. Linux needs bindings generated for the architecture itself ({@link LinuxBindings}).
         */
        static String backend(String osName, String arch) {
            String os = osName.toLowerCase(Locale.ROOT);
            if (os.startsWith("linux")) {
                return LinuxBindings.packageArch(arch).isPresent() ? "linux" : "";
            }
            boolean arch64 = switch (arch.toLowerCase(Locale.ROOT)) {
                case "amd64", "x86_64", "aarch64", "arm64" -> true;
                default -> false;
            };
            if (!arch64) {
                return "";
            }
            if (os.startsWith("mac") || os.startsWith("darwin")) {
                return "macos";
            }
            return os.startsWith("windows") ? "windows" : "";
        }

        private Selected() {
        }
    }
}
