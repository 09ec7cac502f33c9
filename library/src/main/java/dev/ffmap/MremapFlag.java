package dev.ffmap;

/** Flags of mremap(2), which grows, shrinks or moves a mapping (Linux only). */
public enum MremapFlag implements NativeFlag {
    /** The kernel may move the mapping to a new address if it cannot grow in place (Linux). */
    MREMAP_MAYMOVE,
    /** Move the mapping to exactly the given new address, replacing what is there (Linux; ffmap allows it only inside a {@link Reservation}). */
    MREMAP_FIXED,
    /** Move the pages but leave the old range mapped, empty (Linux 5.7+). */
    MREMAP_DONTUNMAP;
}
