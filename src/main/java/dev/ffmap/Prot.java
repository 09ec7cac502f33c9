package dev.ffmap;

import dev.ffmap.internal.Flags;

import java.util.OptionalInt;

/** Memory protection, the {@code prot} argument of mmap(2) and mprotect(2). All exist on Linux, macOS and Windows. */
public enum Prot implements NativeFlag {
    /** Pages may not be accessed at all (guard pages, address-space reservations). */
    PROT_NONE,
    /** Pages may be read. */
    PROT_READ,
    /** Pages may be written. */
    PROT_WRITE,
    /** Pages may be executed. */
    PROT_EXEC;

    private static final class Table {
        static final OptionalInt[] VALUES = Flags.resolve(values());
    }

    @Override
    public int value() {
        return Flags.value(this, Table.VALUES);
    }

    @Override
    public boolean isSupported() {
        return Table.VALUES[ordinal()].isPresent();
    }
}
