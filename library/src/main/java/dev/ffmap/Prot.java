package dev.ffmap;

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
}
