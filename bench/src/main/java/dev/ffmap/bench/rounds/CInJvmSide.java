package dev.ffmap.bench.rounds;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The C baseline run inside this JVM: the same code as {@link NativeSide#c}'s program, built as
 * a library and called through {@code ffmap_bench_run} for each batch. Beside the C program in
 * its own process it shows what the JVM's process itself does to the kernel's calls (a larger
 * address space, more threads), apart from any Java code.
 */
public final class CInJvmSide extends AbstractSide {
    private static final int REPLY = 1024;
    private static final FunctionDescriptor RUN = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);

    private final Arena arena = Arena.ofConfined();
    private final MethodHandle run;
    private final MemorySegment name;
    private final MemorySegment path;
    private final MemorySegment arg;
    private final MemorySegment reply;

    private CInJvmSide(Plan plan, String label, String caseName, Path path, String arg) {
        super(label, Family.C, 0);
        SymbolLookup library = SymbolLookup.libraryLookup(plan.cLibrary(), arena);
        this.run = Linker.nativeLinker().downcallHandle(library.findOrThrow("ffmap_bench_run"), RUN);
        this.name = arena.allocateFrom(caseName);
        this.path = arena.allocateFrom(path.toString());
        this.arg = arg == null ? MemorySegment.NULL : arena.allocateFrom(arg);
        this.reply = arena.allocate(REPLY);
    }

    /** The C baseline's {@code caseName} on {@code path}, in this process (arg null for none). */
    public static CInJvmSide c(Plan plan, String label, String caseName, Path path, String arg) {
        return new CInJvmSide(plan, label, caseName, path, arg);
    }

    @Override
    public Sample run(long ops) throws Exception {
        int rc;
        try {
            rc = (int) run.invokeExact(name, path, ops, arg, reply, (long) REPLY);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (rc != 0) {
            throw new IllegalStateException(label() + ": ffmap_bench_run returned " + rc);
        }
        return NativeSide.sample(reply.getString(0).strip());
    }

    @Override
    public void close() {
        arena.close();
    }
}
