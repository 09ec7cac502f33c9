package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.windows.Kernel32;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How ffmap's mmap-style names become kernel32 arguments on Windows. No downcalls: every value
 * is a generated constant, so the translation is the same wherever it runs (and is tested on
 * Linux).
 *
 * <p>On Windows, {@code PROT_*}, {@code MAP_*}, {@code MS_*}, {@code MADV_*} and {@code O_*}
 * carry the values the Windows header gives them, and the backend turns a (prot, flags) pair
 * into the section protection for CreateFileMappingW and the view access for MapViewOfFileEx.
 * Names with no Windows meaning are absent, so using them throws naming the flag and the OS.
 */
final class WindowsFlags {
    private static final Pattern ERROR_NAME = Pattern.compile("ERROR_[A-Z0-9_]+");
    /** The two namespaces a section name may start with; Windows allows no other backslash in it. */
    private static final String[] NAMESPACES = {"Local\\", "Global\\"};
    /** Names of GetLastError codes by number, read on the first failure. */
    private static final class Names {
        static final Map<Integer, String> BY_NUMBER = Errno.names(Kernel32.class, ERROR_NAME);
    }

    private WindowsFlags() {
    }

    static Constants table() {
        return new Constants()
                .put("PROT_NONE", Kernel32.PROT_NONE())
                .put("PROT_READ", Kernel32.PROT_READ())
                .put("PROT_WRITE", Kernel32.PROT_WRITE())
                .put("PROT_EXEC", Kernel32.PROT_EXEC())
                .put("MAP_SHARED", Kernel32.MAP_SHARED())
                .put("MAP_PRIVATE", Kernel32.MAP_PRIVATE())
                .put("MAP_ANONYMOUS", Kernel32.MAP_ANONYMOUS())
                .hint("MAP_POPULATE", "advise the mapping with MADV_WILLNEED, which calls PrefetchVirtualMemory")
                .hint("MAP_FIXED", "Windows cannot map over an existing mapping")
                .put("MS_ASYNC", Kernel32.MS_ASYNC())
                .put("MS_SYNC", Kernel32.MS_SYNC())
                .hint("MS_INVALIDATE", "views of one file are always coherent on Windows")
                .put("MADV_NORMAL", Kernel32.MADV_NORMAL())
                .put("MADV_WILLNEED", Kernel32.MADV_WILLNEED())
                .put("O_RDONLY", Kernel32.O_RDONLY())
                .put("O_WRONLY", Kernel32.O_WRONLY())
                .put("O_RDWR", Kernel32.O_RDWR())
                .put("O_CREAT", Kernel32.O_CREAT())
                .put("O_EXCL", Kernel32.O_EXCL())
                .put("O_TRUNC", Kernel32.O_TRUNC())
                .put("O_CLOEXEC", Kernel32.O_CLOEXEC())
                .hint("MREMAP_MAYMOVE", "Windows has no mremap; unmap and map again instead");
    }

    /**
     * What mmap(prot, flags) becomes: the protection of the section (CreateFileMappingW), the
     * access of the view (MapViewOfFileEx), and a protection to set on the view afterwards
     * (VirtualProtect), or 0 for none.
     */
    record View(int sectionProtect, int viewAccess, int afterProtect, boolean copyOnWrite) {
    }

    /** Translates mmap's prot and flags; throws IllegalArgumentException for a combination Windows cannot map. */
    static View view(int prot, int flags) {
        int shared = Kernel32.MAP_SHARED();
        int priv = Kernel32.MAP_PRIVATE();
        int anonymous = Kernel32.MAP_ANONYMOUS();
        int unknown = flags & ~(shared | priv | anonymous);
        if (unknown != 0) {
            throw new IllegalArgumentException("mmap flags unknown to the Windows backend: " + Constants.hex(unknown));
        }
        if (((flags & shared) != 0) == ((flags & priv) != 0)) {
            throw new IllegalArgumentException("Exactly one of MAP_SHARED and MAP_PRIVATE is required");
        }
        // An anonymous section has no name, so no one else can see it: private and shared are the same.
        boolean copyOnWrite = (flags & priv) != 0 && (flags & anonymous) == 0;
        boolean none = prot == Kernel32.PROT_NONE();
        int mapped = none ? Kernel32.PROT_READ() : prot;
        boolean write = (mapped & Kernel32.PROT_WRITE()) != 0;
        boolean exec = (mapped & Kernel32.PROT_EXEC()) != 0;
        int access = !write ? Kernel32.FILE_MAP_READ() : copyOnWrite ? Kernel32.FILE_MAP_COPY() : Kernel32.FILE_MAP_WRITE();
        if (exec) {
            access |= Kernel32.FILE_MAP_EXECUTE();
        }
        return new View(pageProtect(mapped, copyOnWrite), access, none ? Kernel32.PAGE_NOACCESS() : 0, copyOnWrite);
    }

    /** The PAGE_* value for {@code prot}; writes on a copy-on-write view are WRITECOPY. Windows has no write-only pages. */
    static int pageProtect(int prot, boolean copyOnWrite) {
        boolean read = (prot & Kernel32.PROT_READ()) != 0;
        boolean write = (prot & Kernel32.PROT_WRITE()) != 0;
        boolean exec = (prot & Kernel32.PROT_EXEC()) != 0;
        if (exec) {
            return write ? (copyOnWrite ? Kernel32.PAGE_EXECUTE_WRITECOPY() : Kernel32.PAGE_EXECUTE_READWRITE())
                    : read ? Kernel32.PAGE_EXECUTE_READ() : Kernel32.PAGE_EXECUTE();
        }
        if (write) {
            return copyOnWrite ? Kernel32.PAGE_WRITECOPY() : Kernel32.PAGE_READWRITE();
        }
        return read ? Kernel32.PAGE_READONLY() : Kernel32.PAGE_NOACCESS();
    }

    /** CreateFileW's access and creation disposition for open(2)'s flags. */
    record Open(int access, int disposition) {
    }

    static Open open(int oflags) {
        int mode = oflags & (Kernel32.O_WRONLY() | Kernel32.O_RDWR());
        int access = mode == Kernel32.O_RDWR() ? Kernel32.GENERIC_READ() | Kernel32.GENERIC_WRITE()
                : mode == Kernel32.O_WRONLY() ? Kernel32.GENERIC_WRITE() : Kernel32.GENERIC_READ();
        boolean create = (oflags & Kernel32.O_CREAT()) != 0;
        boolean exclusive = (oflags & Kernel32.O_EXCL()) != 0;
        boolean truncate = (oflags & Kernel32.O_TRUNC()) != 0;
        int disposition;
        if (create) {
            disposition = exclusive ? Kernel32.CREATE_NEW() : truncate ? Kernel32.CREATE_ALWAYS() : Kernel32.OPEN_ALWAYS();
        } else {
            disposition = truncate ? Kernel32.TRUNCATE_EXISTING() : Kernel32.OPEN_EXISTING();
        }
        return new Open(access, disposition);
    }

    /**
     * Every handle ffmap opens lets others read, write and delete the file: a mapped file can be
     * deleted or renamed once its mapping is closed, as on POSIX.
     */
    static int shareAll() {
        return Kernel32.FILE_SHARE_READ() | Kernel32.FILE_SHARE_WRITE() | Kernel32.FILE_SHARE_DELETE();
    }

    /** The high 32 bits of a 64-bit size or offset, as the DWORD pairs of kernel32 take them. */
    static int high(long value) {
        return (int) (value >>> 32);
    }

    static int low(long value) {
        return (int) value;
    }

    /** The symbolic name of a GetLastError code, e.g. {@code ERROR_ACCESS_DENIED}, or {@code "error N"}. */
    static String errorName(int code) {
        return Names.BY_NUMBER.getOrDefault(code, "error " + code);
    }

    /** The exception for a failed kernel32 call: names the call, its arguments and the GetLastError code. */
    static MmapException failure(String call, String args, int code) {
        return new MmapException(call, args, code, errorName(code), "GetLastError " + code);
    }

    /**
     * The kernel object name of the section behind ffmap's shared memory name {@code "/x"}, as
     * {@code SharedMemory} has checked it: the leading '/' is dropped, so {@code "/jobs"} is
     * {@code "jobs"}, which Windows resolves in the session's namespace, as Python's
     * {@code mmap(-1, size, tagname="jobs")} does. {@code "/Local\x"} and {@code "/Global\x"}
     * keep their namespace; any other backslash is refused. Names are case-sensitive.
     */
    static String sectionName(String shmName) {
        if (!shmName.startsWith("/")) {
            throw new IllegalArgumentException("Not a checked shared memory name (no leading '/'): " + shmName);
        }
        String name = shmName.substring(1);
        String rest = name;
        for (String namespace : NAMESPACES) {
            if (name.startsWith(namespace)) {
                rest = name.substring(namespace.length());
                break;
            }
        }
        if (rest.isEmpty() || rest.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("A Windows section name is a non-empty name with no backslash, after an"
                    + " optional Local\\ or Global\\ prefix: " + name);
        }
        return name;
    }

    /** CreateFileMappingW's flProtect for named shared memory: read-write pages of the paging file, as Python's tagname. */
    static int namedSectionProtect() {
        return Kernel32.PAGE_READWRITE();
    }

    /** OpenFileMappingW's access, shm_open's O_RDWR: enough for read-write, read-only and copy-on-write views. */
    static int namedSectionAccess() {
        return Kernel32.FILE_MAP_READ() | Kernel32.FILE_MAP_WRITE();
    }

    /** CreateFileMappingW's arguments for a named section, as its error message shows them. */
    static String createSectionArgs(String section, long size) {
        return String.format(Locale.ROOT, "INVALID_HANDLE_VALUE, PAGE_READWRITE, size=%d, \"%s\"", size, section);
    }

    /** OpenFileMappingW's arguments, as its error message shows them. */
    static String openSectionArgs(String section) {
        return String.format(Locale.ROOT, "FILE_MAP_READ|FILE_MAP_WRITE, FALSE, \"%s\"", section);
    }

    /**
     * Whether CreateFileMappingW, returning a handle, opened a section that already existed
     * (GetLastError ERROR_ALREADY_EXISTS): then it keeps the size it was created with, and an
     * exclusive create refuses it, as shm_open's O_EXCL does.
     */
    static boolean openedExisting(int lastError) {
        return lastError == Kernel32.ERROR_ALREADY_EXISTS();
    }
}
