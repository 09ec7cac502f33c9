package dev.ffmap.internal;

import dev.ffmap.MmapException;
import dev.ffmap.bindings.windows.Kernel32;
import dev.ffmap.bindings.windows._MEMORY_BASIC_INFORMATION;
import dev.ffmap.bindings.windows._SYSTEM_INFO;
import dev.ffmap.bindings.windows._WIN32_MEMORY_RANGE_ENTRY;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static dev.ffmap.internal.Downcalls.Pointer.OPAQUE;
import static dev.ffmap.internal.Downcalls.Pointer.OWNED;

/**
 * The Windows backend: kernel32's section and view calls behind the mmap-shaped {@link Os}.
 *
 * <p>mmap is CreateFileMappingW + MapViewOfFileEx (the section handle is closed at once: the
 * view keeps it alive), munmap is UnmapViewOfFile, msync is FlushViewOfFile and, for MS_SYNC,
 * FlushFileBuffers on the file; MADV_WILLNEED is PrefetchVirtualMemory. File "descriptors" are
 * small ints standing for HANDLEs in a table ({@link WindowsHandles}), so the shared layers stay
 * as they are. Every file is opened with FILE_SHARE_DELETE and every handle is closed with its
 * mapping, so a mapped file can be deleted after close. Errors are GetLastError, captured right
 * after the call.
 *
 * <p>Named shared memory is a section of the paging file with a name (CreateFileMappingW,
 * OpenFileMappingW), Python's {@code mmap(-1, size, tagname=name)}: its descriptor stands for the
 * section handle, views are mapped from it directly, and it has no name to unlink: it lives while
 * a handle or view of it is open.
 *
 * <p>This class is loaded only on Windows: the "GetLastError" capture option exists only there.
 * The only class that names {@code dev.ffmap.bindings.windows}.
 */
@SuppressWarnings("restricted")
final class WindowsOs extends AbstractOs {
    /** First of the statics: the handles below find kernel32's symbols through the loader lookup. */
    private static final boolean LOADED = loadKernel32();
    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle LAST_ERROR = STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("GetLastError"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));

    private static final Downcalls.Lazy CREATE_FILE = Downcalls.lazy(() -> Downcalls.lastError("CreateFileW", Kernel32.CreateFileW$address(),
            Kernel32.CreateFileW$descriptor(), OWNED, OWNED, OPAQUE));
    private static final Downcalls.Lazy CREATE_FILE_MAPPING = Downcalls.lazy(() -> Downcalls.lastError("CreateFileMappingW",
            Kernel32.CreateFileMappingW$address(), Kernel32.CreateFileMappingW$descriptor(), OPAQUE, OWNED, OWNED));
    private static final Downcalls.Lazy OPEN_FILE_MAPPING = Downcalls.lazy(() -> Downcalls.lastError("OpenFileMappingW",
            Kernel32.OpenFileMappingW$address(), Kernel32.OpenFileMappingW$descriptor(), OWNED));
    /** Its last argument is the placement hint, never dereferenced. */
    private static final Downcalls.Lazy MAP_VIEW_OF_FILE_EX = Downcalls.lazy(() -> Downcalls.lastError("MapViewOfFileEx",
            Kernel32.MapViewOfFileEx$address(), Kernel32.MapViewOfFileEx$descriptor(), OPAQUE, OPAQUE));
    private static final Downcalls.Lazy UNMAP_VIEW_OF_FILE = Downcalls.lazy(() -> Downcalls.lastError("UnmapViewOfFile",
            Kernel32.UnmapViewOfFile$address(), Kernel32.UnmapViewOfFile$descriptor()));
    private static final Downcalls.Lazy FLUSH_VIEW_OF_FILE = Downcalls.lazy(() -> Downcalls.lastError("FlushViewOfFile",
            Kernel32.FlushViewOfFile$address(), Kernel32.FlushViewOfFile$descriptor()));
    private static final Downcalls.Lazy FLUSH_FILE_BUFFERS = Downcalls.lazy(() -> Downcalls.lastError("FlushFileBuffers",
            Kernel32.FlushFileBuffers$address(), Kernel32.FlushFileBuffers$descriptor(), OPAQUE));
    private static final Downcalls.Lazy VIRTUAL_PROTECT = Downcalls.lazy(() -> Downcalls.lastError("VirtualProtect",
            Kernel32.VirtualProtect$address(), Kernel32.VirtualProtect$descriptor()));
    private static final Downcalls.Lazy VIRTUAL_LOCK = Downcalls.lazy(() -> Downcalls.lastError("VirtualLock",
            Kernel32.VirtualLock$address(), Kernel32.VirtualLock$descriptor()));
    private static final Downcalls.Lazy VIRTUAL_UNLOCK = Downcalls.lazy(() -> Downcalls.lastError("VirtualUnlock",
            Kernel32.VirtualUnlock$address(), Kernel32.VirtualUnlock$descriptor()));
    /** Of the mmap family: it only reports on the view; its buffer is the library's own. */
    private static final Downcalls.Lazy VIRTUAL_QUERY = Downcalls.lazy(() -> Downcalls.lastError("VirtualQuery",
            Kernel32.VirtualQuery$address(), Kernel32.VirtualQuery$descriptor()));
    private static final Downcalls.Lazy PREFETCH = Downcalls.lazy(() -> Downcalls.lastError("PrefetchVirtualMemory",
            Kernel32.PrefetchVirtualMemory$address(), Kernel32.PrefetchVirtualMemory$descriptor()));
    private static final Downcalls.Lazy SET_FILE_POINTER_EX = Downcalls.lazy(() -> Downcalls.lastError("SetFilePointerEx",
            Kernel32.SetFilePointerEx$address(), Kernel32.SetFilePointerEx$descriptor(), OPAQUE, OWNED));
    private static final Downcalls.Lazy SET_END_OF_FILE = Downcalls.lazy(() -> Downcalls.lastError("SetEndOfFile",
            Kernel32.SetEndOfFile$address(), Kernel32.SetEndOfFile$descriptor(), OPAQUE));
    private static final Downcalls.Lazy GET_FILE_SIZE_EX = Downcalls.lazy(() -> Downcalls.lastError("GetFileSizeEx",
            Kernel32.GetFileSizeEx$address(), Kernel32.GetFileSizeEx$descriptor(), OPAQUE, OWNED));
    private static final Downcalls.Lazy CLOSE_HANDLE = Downcalls.lazy(() -> Downcalls.lastError("CloseHandle",
            Kernel32.CloseHandle$address(), Kernel32.CloseHandle$descriptor(), OPAQUE));
    /** The three process and handle arguments are HANDLEs; the fourth receives the new handle. */
    private static final Downcalls.Lazy DUPLICATE_HANDLE = Downcalls.lazy(() -> Downcalls.lastError("DuplicateHandle",
            Kernel32.DuplicateHandle$address(), Kernel32.DuplicateHandle$descriptor(), OPAQUE, OPAQUE, OPAQUE, OWNED));
    private static final Downcalls.Lazy GET_SYSTEM_INFO = Downcalls.lazy(() -> Downcalls.plain("GetSystemInfo",
            Kernel32.GetSystemInfo$address(), Kernel32.GetSystemInfo$descriptor(), OWNED));

    /** A mapped view: its length, a handle of its file for FlushFileBuffers (0 if none), and whether it is copy-on-write. */
    private record View(long length, long file, boolean copyOnWrite) {
    }

    private final long granularity;
    private final WindowsHandles handles = new WindowsHandles();
    private final ConcurrentSkipListMap<Long, View> views = new ConcurrentSkipListMap<>();

    WindowsOs(String name) {
        this(name, systemInfo());
    }

    /** {@code info}: the page size and the allocation granularity, from GetSystemInfo. */
    private WindowsOs(String name, long[] info) {
        super(name, WindowsFlags.table(), info[0]);
        this.granularity = info[1];
    }

    private static boolean loadKernel32() {
        System.loadLibrary("kernel32");
        return true;
    }

    private static long[] systemInfo() {
        MemorySegment info = Scratch.get(_SYSTEM_INFO.layout().byteSize());
        try {
            GET_SYSTEM_INFO.get().invokeExact(info);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return new long[] {Integer.toUnsignedLong(_SYSTEM_INFO.dwPageSize(info)),
                Integer.toUnsignedLong(_SYSTEM_INFO.dwAllocationGranularity(info))};
    }

    /** File offsets of a view must be multiples of this (64 KiB), not of the page size. */
    @Override
    public long allocationGranularity() {
        return granularity;
    }

    @Override
    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws MmapException {
        WindowsFlags.View how = WindowsFlags.view(prot, flags);
        boolean anonymous = (flags & Kernel32.MAP_ANONYMOUS()) != 0;
        WindowsHandles.Handle h = anonymous ? null : handles.get(fd);
        String args = String.format(Locale.ROOT, "len=%d, %s, %s, fd=%d, off=%d",
                length, describe("PROT", prot), describe("MAP", flags), fd, offset);
        long base;
        if (h != null && h.section()) {
            base = mapView(h.value(), how.viewAccess(), offset, length, args); // the section handle stays with its descriptor
        } else {
            long file = anonymous ? Kernel32.INVALID_HANDLE_VALUE().address() : h.value();
            long maxSize = anonymous ? length : 0L; // 0: the section is as long as the file
            long section = createFileMapping(file, how.sectionProtect(), maxSize, MemorySegment.NULL, args);
            try {
                base = mapView(section, how.viewAccess(), offset, length, args);
            } finally {
                closeHandle(section); // the view keeps the section alive
            }
        }
        boolean success = false;
        try {
            if (how.afterProtect() != 0) {
                virtualProtect(base, length, how.afterProtect());
            }
            long flushHandle = h == null || h.section() || how.copyOnWrite() ? 0L : duplicate(h.value());
            views.put(base, new View(length, flushHandle, how.copyOnWrite()));
            success = true;
            return base;
        } finally {
            if (!success) {
                unmapView(base);
            }
        }
    }

    /** CreateFileMappingW; {@code name} is NULL or a UTF-16 string. Returns the section handle, never NULL. */
    private static long createFileMapping(long file, int protect, long maxSize, MemorySegment name, String args)
            throws MmapException {
        MemorySegment st = STATE.get();
        MemorySegment section;
        try {
            section = (MemorySegment) CREATE_FILE_MAPPING.get().invokeExact(st, MemorySegment.ofAddress(file), MemorySegment.NULL,
                    protect, WindowsFlags.high(maxSize), WindowsFlags.low(maxSize), name);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (section.address() == 0L) {
            throw failure(st, "CreateFileMappingW", args);
        }
        return section.address();
    }

    /** MapViewOfFileEx at an address of the system's choice; length 0 maps the whole section. Returns the base. */
    private static long mapView(long section, int access, long offset, long length, String args) throws MmapException {
        MemorySegment st = STATE.get();
        MemorySegment view;
        try {
            view = (MemorySegment) MAP_VIEW_OF_FILE_EX.get().invokeExact(st, MemorySegment.ofAddress(section), access,
                    WindowsFlags.high(offset), WindowsFlags.low(offset), length, MemorySegment.NULL);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (view.address() == 0L) {
            throw failure(st, "MapViewOfFileEx", args);
        }
        return view.address();
    }

    @Override
    public void munmap(long addr, long length) throws MmapException {
        unmapView(addr); // UnmapViewOfFile takes the whole view, whatever the length
        View v = views.remove(addr);
        if (v != null && v.file() != 0L) {
            closeHandle(v.file());
        }
    }

    private void unmapView(long base) throws MmapException {
        nonZeroCall(UNMAP_VIEW_OF_FILE, "UnmapViewOfFile", hex(base), MemorySegment.ofAddress(base));
    }

    @Override
    public void msync(long addr, long length, int flags) throws MmapException {
        String args = String.format(Locale.ROOT, "addr=%s, len=%d", hex(addr), length);
        nonZeroCall(FLUSH_VIEW_OF_FILE, "FlushViewOfFile", args, MemorySegment.ofAddress(addr), length);
        if ((flags & Kernel32.MS_SYNC()) != 0) {
            Map.Entry<Long, View> v = views.floorEntry(addr);
            if (v != null && v.getValue().file() != 0L) {
                nonZeroCall(FLUSH_FILE_BUFFERS, "FlushFileBuffers", hex(v.getValue().file()),
                        MemorySegment.ofAddress(v.getValue().file()));
            }
        }
    }

    @Override
    public void madvise(long addr, long length, int advice) throws MmapException {
        if (advice != Kernel32.MADV_WILLNEED()) {
            return; // MADV_NORMAL: Windows' default behaviour, nothing to ask for
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment range = arena.allocate(_WIN32_MEMORY_RANGE_ENTRY.layout());
            _WIN32_MEMORY_RANGE_ENTRY.VirtualAddress(range, MemorySegment.ofAddress(addr));
            _WIN32_MEMORY_RANGE_ENTRY.NumberOfBytes(range, length);
            String args = String.format(Locale.ROOT, "addr=%s, len=%d", hex(addr), length);
            nonZeroCall(PREFETCH, "PrefetchVirtualMemory", args, Kernel32.GetCurrentProcess(), 1L, range, 0);
        }
    }

    @Override
    public void mprotect(long addr, long length, int prot) throws MmapException {
        Map.Entry<Long, View> v = views.floorEntry(addr);
        virtualProtect(addr, length, WindowsFlags.pageProtect(prot, v != null && v.getValue().copyOnWrite()));
    }

    private void virtualProtect(long addr, long length, int pageProtect) throws MmapException {
        try (Arena arena = Arena.ofConfined()) {
            String args = String.format(Locale.ROOT, "addr=%s, len=%d, 0x%x", hex(addr), length, pageProtect);
            nonZeroCall(VIRTUAL_PROTECT, "VirtualProtect", args, MemorySegment.ofAddress(addr), length, pageProtect,
                    arena.allocate(ValueLayout.JAVA_INT));
        }
    }

    @Override
    public void mlock(long addr, long length) throws MmapException {
        nonZeroCall(VIRTUAL_LOCK, "VirtualLock", String.format(Locale.ROOT, "addr=%s, len=%d", hex(addr), length),
                MemorySegment.ofAddress(addr), length);
    }

    @Override
    public void munlock(long addr, long length) throws MmapException {
        nonZeroCall(VIRTUAL_UNLOCK, "VirtualUnlock", String.format(Locale.ROOT, "addr=%s, len=%d", hex(addr), length),
                MemorySegment.ofAddress(addr), length);
    }

    @Override
    public void mincore(long addr, long length, MemorySegment vec) {
        throw unsupported("mincore (page residency)");
    }

    @Override
    public long mremap(long oldAddr, long oldLength, long newLength, int flags, long newAddr) {
        throw unsupported("mremap");
    }

    @Override
    public int open(String path, int flags, int mode) throws MmapException {
        WindowsFlags.Open how = WindowsFlags.open(flags);
        MemorySegment st = STATE.get();
        MemorySegment h;
        try {
            h = (MemorySegment) CREATE_FILE.get().invokeExact(st, Scratch.string(path, StandardCharsets.UTF_16LE),
                    how.access(), WindowsFlags.shareAll(), MemorySegment.NULL, how.disposition(),
                    Kernel32.FILE_ATTRIBUTE_NORMAL(), MemorySegment.NULL);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (h.address() == Kernel32.INVALID_HANDLE_VALUE().address()) {
            throw failure(st, "CreateFileW", String.format(Locale.ROOT, "\"%s\", %s", path, describe("O", flags)));
        }
        return handles.add(WindowsHandles.Handle.file(h.address()));
    }

    @Override
    public void close(int fd) throws MmapException {
        closeHandle(handles.remove(fd).value());
    }

    @Override
    public int dupCloexec(int fd) throws MmapException {
        WindowsHandles.Handle h = handles.get(fd);
        return handles.add(h.withValue(duplicate(h.value())));
    }

    /** Handles ffmap opens are never inherited (no SECURITY_ATTRIBUTES asks for it): nothing to change. */
    @Override
    public void setCloseOnExec(int fd, boolean on) {
        handles.get(fd);
    }

    @Override
    public void addSeals(int fd, int seals) {
        throw unsupported("file seals");
    }

    @Override
    public int seals(int fd) {
        throw unsupported("file seals");
    }

    /** Not called: named shared memory here is a section ({@link #hasSections()}). */
    @Override
    public int shmOpen(String name, int flags, int mode) {
        throw unsupported("shm_open (named shared memory is a section: CreateFileMappingW, OpenFileMappingW)");
    }

    /** Checks the name and does nothing more: a section has no name to remove, it lives while a handle or view is open. */
    @Override
    public void shmUnlink(String name) {
        WindowsFlags.sectionName(name);
    }

    @Override
    public boolean hasSections() {
        return true;
    }

    /**
     * CreateFileMappingW on the paging file with a name. A valid handle with GetLastError
     * ERROR_ALREADY_EXISTS is a section that existed: {@code exclusive} closes it and throws,
     * otherwise it is kept with the size it was created with.
     */
    @Override
    public int createSection(String name, long size, boolean exclusive) throws MmapException {
        String section = WindowsFlags.sectionName(name);
        String args = WindowsFlags.createSectionArgs(section, size);
        long h;
        h = createFileMapping(Kernel32.INVALID_HANDLE_VALUE().address(), WindowsFlags.namedSectionProtect(), size,
                Scratch.string(section, StandardCharsets.UTF_16LE), args);
        int lastError = (int) LAST_ERROR.get(STATE.get(), 0L); // read before any other call sets it
        boolean existed = WindowsFlags.openedExisting(lastError);
        if (existed && exclusive) {
            MmapException e = WindowsFlags.failure("CreateFileMappingW", args, lastError);
            closeAfterFailure(h, e);
            throw e;
        }
        return adoptSection(h, existed ? 0L : size, section);
    }

    /** OpenFileMappingW for read-write views; ERROR_FILE_NOT_FOUND when no section has the name. */
    @Override
    public int openSection(String name) throws MmapException {
        String section = WindowsFlags.sectionName(name);
        long h;
        h = nonZeroCall(OPEN_FILE_MAPPING, "OpenFileMappingW", WindowsFlags.openSectionArgs(section),
                WindowsFlags.namedSectionAccess(), 0, Scratch.string(section, StandardCharsets.UTF_16LE));
        return adoptSection(h, 0L, section);
    }

    /** Enters a section handle in the table, with its size ({@code knownSize}, or 0 to ask); closes it on failure. */
    private int adoptSection(long section, long knownSize, String name) throws MmapException {
        try {
            long size = knownSize > 0 ? knownSize : sectionSize(section, name);
            return handles.add(WindowsHandles.Handle.section(section, size));
        } catch (Throwable t) {
            closeAfterFailure(section, t);
            throw t;
        }
    }

    /**
     * The size of a section another process created: kernel32 has no call that tells it, so a
     * read view of the whole section (length 0) is mapped and VirtualQuery reports its region,
     * which is the size rounded up to whole pages. Python's multiprocessing.shared_memory does
     * the same on Windows.
     */
    private long sectionSize(long section, String name) throws MmapException {
        String args = String.format(Locale.ROOT, "\"%s\", FILE_MAP_READ, whole section", name);
        long base = mapView(section, Kernel32.FILE_MAP_READ(), 0L, 0L, args);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(_MEMORY_BASIC_INFORMATION.layout());
            nonZeroCall(VIRTUAL_QUERY, "VirtualQuery", hex(base), MemorySegment.ofAddress(base), info, info.byteSize());
            return _MEMORY_BASIC_INFORMATION.RegionSize(info);
        } finally {
            unmapView(base);
        }
    }

    @Override
    public int memfdCreate(String name, boolean allowSealing) {
        throw unsupported("memfd_create");
    }

    /**
     * A handle CreateFileW opened is a file: without FILE_FLAG_BACKUP_SEMANTICS it cannot open a
     * directory. A named section has the size kept with its handle.
     */
    @Override
    public FileInfo fstat(int fd) throws MmapException {
        WindowsHandles.Handle h = handles.get(fd);
        if (h.section()) {
            return new FileInfo(h.size(), FileType.REGULAR);
        }
        MemorySegment size = Scratch.get(ValueLayout.JAVA_LONG.byteSize());
        nonZeroCall(GET_FILE_SIZE_EX, "GetFileSizeEx", "fd=" + fd, MemorySegment.ofAddress(h.value()), size);
        return new FileInfo(size.get(ValueLayout.JAVA_LONG, 0), FileType.REGULAR);
    }

    @Override
    public void ftruncate(int fd, long length) throws MmapException {
        WindowsHandles.Handle entry = handles.get(fd);
        if (entry.section()) {
            throw new UnsupportedOperationException("Named shared memory cannot be resized on " + name()
                    + ": a section keeps the size it was created with");
        }
        MemorySegment h = MemorySegment.ofAddress(entry.value());
        String args = String.format(Locale.ROOT, "fd=%d, len=%d", fd, length);
        nonZeroCall(SET_FILE_POINTER_EX, "SetFilePointerEx", args, h, length, MemorySegment.NULL, Kernel32.FILE_BEGIN());
        nonZeroCall(SET_END_OF_FILE, "SetEndOfFile", args, h);
    }

    private long duplicate(long handle) throws MmapException {
        MemorySegment out = Scratch.get(ValueLayout.ADDRESS.byteSize());
        MemorySegment self = Kernel32.GetCurrentProcess();
        nonZeroCall(DUPLICATE_HANDLE, "DuplicateHandle", hex(handle), self, MemorySegment.ofAddress(handle), self, out,
                0, 0, Kernel32.DUPLICATE_SAME_ACCESS());
        return out.get(ValueLayout.ADDRESS, 0).address();
    }

    private void closeHandle(long handle) throws MmapException {
        nonZeroCall(CLOSE_HANDLE, "CloseHandle", hex(handle), MemorySegment.ofAddress(handle));
    }

    private void closeAfterFailure(long handle, Throwable failure) {
        try {
            closeHandle(handle);
        } catch (MmapException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The calls off the hot path that fail by returning 0: a Win32 BOOL (FALSE), a HANDLE (NULL) or
     * a size. 0 becomes the exception naming call, arguments and GetLastError; any other result
     * is returned as a long. One generic invocation serves all of them.
     */
    private static long nonZeroCall(Downcalls.Lazy handle, String call, String args, Object... callArgs) throws MmapException {
        MemorySegment st = STATE.get();
        Object[] all = new Object[callArgs.length + 1];
        all[0] = st;
        System.arraycopy(callArgs, 0, all, 1, callArgs.length);
        Object result;
        try {
            result = handle.get().invokeWithArguments(all);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        long value = switch (result) {
            case Integer i -> i;
            case Long l -> l;
            case MemorySegment m -> m.address();
            default -> throw new AssertionError("Unexpected result of " + call + ": " + result);
        };
        if (value == 0L) {
            throw failure(st, call, args);
        }
        return value;
    }

    private static MmapException failure(MemorySegment state, String call, String args) {
        return WindowsFlags.failure(call, args, (int) LAST_ERROR.get(state, 0L));
    }

    private static String hex(long value) {
        return Constants.hex(value);
    }
}
