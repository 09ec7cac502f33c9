package dev.ffmap.internal;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds every downcall handle of the backends, and with it the rule that no native function but
 * the kernel's mmap family ever receives mapped memory: a fault inside native code (SIGBUS of a
 * truncated file) kills the JVM, where the same fault in Java code is an exception.
 *
 * <p>At construction, a function that is not in {@link #MAY_TAKE_MAPPED_MEMORY} must declare
 * each of its pointer parameters: {@link Pointer#OWNED} memory the backend allocates for the
 * call, or an {@link Pointer#OPAQUE} value never dereferenced; an undeclared pointer is an
 * {@link IllegalArgumentException} when the handle is made, at its first use ({@link Lazy}),
 * before the function is ever called; {@code DowncallAllowListTest} checks every declaration
 * of the three backends at build time. At run time, every {@code OWNED} argument must lie in this
 * thread's call buffer ({@link Scratch}), where the backends put every path and struct they hand
 * to such a function; anything else (a mapping's segment above all) is refused before the call.
 * The check is two compares on calls (open, fstat, shm_open…) that are not the map/unmap pair,
 * and nothing is recorded per mapping.
 *
 * <p>The backends' one door to the linker, and so one of the classes that may make restricted calls.
 */
@SuppressWarnings("restricted")
final class Downcalls {
    /**
     * The functions that may be given mapped memory: the kernel reports lost pages to them as an
     * errno, it never faults in them. Kept with {@code DowncallAllowListTest}, which reads it.
     */
    static final Set<String> MAY_TAKE_MAPPED_MEMORY = Set.of(
            "mmap", "munmap", "msync", "madvise", "mprotect", "mlock", "munlock", "mincore", "mremap",
            // Windows: the same family in kernel32
            "UnmapViewOfFile", "FlushViewOfFile", "VirtualProtect", "VirtualLock", "VirtualUnlock",
            "PrefetchVirtualMemory", "VirtualQuery");

    /** What a pointer parameter of a function outside the mmap family is given. */
    enum Pointer {
        /** This thread's call buffer, where the backend puts a path or a struct to fill, or NULL: checked before every call. */
        OWNED,
        /** An address-sized value the function never reads or writes through: a HANDLE, a placement hint. */
        OPAQUE
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle NOT_MAPPED;

    static {
        try {
            NOT_MAPPED = MethodHandles.lookup().findStatic(Downcalls.class, "notMapped",
                    MethodType.methodType(MemorySegment.class, String.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Downcalls() {
    }

    /**
     * A handle made at its first call. Making a downcall handle takes milliseconds (and
     * initialises jextract's own handle for the symbol with it), so a backend that made all of
     * them at start-up cost every program about 300 ms before its first mapping; now a process
     * pays only for the functions it calls.
     */
    static final class Lazy {
        private final Supplier<MethodHandle> make;
        private volatile MethodHandle handle;

        private Lazy(Supplier<MethodHandle> make) {
            this.make = make;
        }

        /** The handle, made now if this is the first use; two threads may both make it, to the same effect. */
        MethodHandle get() {
            MethodHandle h = handle;
            if (h == null) {
                h = make.get();
                handle = h;
            }
            return h;
        }
    }

    /** {@code make} (one of the factories below), run at the first {@link Lazy#get()}. */
    static Lazy lazy(Supplier<MethodHandle> make) {
        return new Lazy(make);
    }

    /** A handle to {@code symbol} whose first parameter is the errno capture buffer ({@link Errno#state()}). */
    static MethodHandle errno(String symbol, MemorySegment address, FunctionDescriptor descriptor, Pointer... pointers) {
        return handle(symbol, address, descriptor, "errno", -1, pointers);
    }

    /** The same for a variadic function whose variadic arguments start at parameter {@code firstVariadic}. */
    static MethodHandle errnoVariadic(String symbol, MemorySegment address, FunctionDescriptor descriptor,
                                      int firstVariadic, Pointer... pointers) {
        return handle(symbol, address, descriptor, "errno", firstVariadic, pointers);
    }

    /** A handle whose first parameter is the GetLastError capture buffer (Windows only). */
    static MethodHandle lastError(String symbol, MemorySegment address, FunctionDescriptor descriptor, Pointer... pointers) {
        return handle(symbol, address, descriptor, "GetLastError", -1, pointers);
    }

    /** A handle that captures nothing, for functions that return their error (posix_fallocate) or cannot fail. */
    static MethodHandle plain(String symbol, MemorySegment address, FunctionDescriptor descriptor, Pointer... pointers) {
        return handle(symbol, address, descriptor, null, -1, pointers);
    }

    /**
     * The POSIX mmap family, whose handles take and return addresses as plain {@code long}s: an
     * address travels in an integer register on every 64-bit ABI ffmap runs on (System V x86-64,
     * AAPCS64, and the LP64 ABIs of riscv64, ppc64le and s390x), and a {@code long} needs no
     * {@link MemorySegment} object per argument and result, which map and unmap would otherwise
     * allocate every time.
     */
    static final Set<String> ADDRESSES_AS_LONGS = Set.of(
            "mmap", "munmap", "msync", "madvise", "mprotect", "mlock", "munlock", "mincore", "mremap");

    private static MethodHandle handle(String symbol, MemorySegment address, FunctionDescriptor declared,
                                       String capture, int firstVariadic, Pointer[] pointers) {
        List<Integer> owned = ownedParameters(symbol, declared, pointers);
        FunctionDescriptor descriptor = ADDRESSES_AS_LONGS.contains(symbol) ? addressesAsLongs(declared) : declared;
        List<Linker.Option> options = new ArrayList<>();
        if (capture != null) {
            options.add(Linker.Option.captureCallState(capture));
        }
        if (firstVariadic >= 0) {
            options.add(Linker.Option.firstVariadicArg(firstVariadic));
        }
        MethodHandle h = LINKER.downcallHandle(address, descriptor, options.toArray(Linker.Option[]::new));
        int shift = capture == null ? 0 : 1; // the capture buffer comes first
        MethodHandle check = MethodHandles.insertArguments(NOT_MAPPED, 0, symbol);
        for (int p : owned) {
            h = MethodHandles.filterArguments(h, p + shift, check);
        }
        return h;
    }

    /** {@code d} with every address layout, argument or result, replaced by {@code JAVA_LONG}. */
    private static FunctionDescriptor addressesAsLongs(FunctionDescriptor d) {
        MemoryLayout[] args = d.argumentLayouts().stream()
                .map(l -> l instanceof AddressLayout ? ValueLayout.JAVA_LONG : l).toArray(MemoryLayout[]::new);
        return d.returnLayout().map(r -> r instanceof AddressLayout ? ValueLayout.JAVA_LONG : r)
                .map(r -> FunctionDescriptor.of(r, args)).orElseGet(() -> FunctionDescriptor.ofVoid(args));
    }

    /**
     * The construction-time rule: the mmap family declares no pointer; any other function
     * declares each of its pointer parameters, in order. Returns the positions of the
     * {@code OWNED} ones, which are checked before every call.
     */
    static List<Integer> ownedParameters(String symbol, FunctionDescriptor descriptor, Pointer... pointers) {
        List<MemoryLayout> args = descriptor.argumentLayouts();
        long declared = args.stream().filter(AddressLayout.class::isInstance).count();
        if (MAY_TAKE_MAPPED_MEMORY.contains(symbol)) {
            if (pointers.length != 0) {
                throw new IllegalArgumentException(symbol + " is in the mmap family, which may take mapped memory: declare no pointers");
            }
            return List.of();
        }
        if (declared != pointers.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s takes %d pointer(s) but %d are declared: "
                    + "outside the mmap family each pointer is OWNED (checked to be the call buffer) or OPAQUE",
                    symbol, declared, pointers.length));
        }
        List<Integer> owned = new ArrayList<>();
        for (int i = 0, k = 0; i < args.size(); i++) {
            if (args.get(i) instanceof AddressLayout && pointers[k++] == Pointer.OWNED) {
                owned.add(i);
            }
        }
        return List.copyOf(owned);
    }

    /**
     * The run-time check of an {@code OWNED} argument: NULL, or memory inside this thread's call
     * buffer; never anything else, so never a mapping.
     */
    private static MemorySegment notMapped(String symbol, MemorySegment pointer) {
        long start = pointer.address();
        if (start == 0L || Scratch.holds(start, pointer.byteSize())) {
            return pointer;
        }
        long size = Math.max(pointer.byteSize(), 1L);
        long end = size > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + size;
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s must not be given memory outside the call buffer: [%s, %s) may be a mapping's pages, and a fault"
                        + " inside %s would kill the JVM, so it was not called",
                symbol, Constants.hex(start), Constants.hex(end), symbol));
    }
}
