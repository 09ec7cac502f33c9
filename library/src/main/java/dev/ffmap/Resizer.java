package dev.ffmap;

import dev.ffmap.internal.Os;

/**
 * {@link MappedFile#resize}: the file and the map change size together, or, if either step
 * fails, both are put back as they were. Growing sizes the file first (reserving its blocks if
 * asked), then the map; shrinking shrinks the map first, then the file; each second step that
 * fails undoes the first.
 */
final class Resizer {
    private Resizer() {
    }

    /** Resizes {@code handle}'s map of the file from {@code offset} to {@code newSize} bytes; called with its lock held. */
    static void resize(Os os, MapHandle handle, long offset, boolean reserve, long newSize) throws MmapException {
        Mapping mapping = handle.mapping();
        long old = mapping.byteSize();
        if (mapping.flags().contains(MapFlag.MAP_ANONYMOUS)) {
            if (newSize > old && mapping.flags().contains(MapFlag.MAP_SHARED)) {
                // mremap(2) grows the range but not the shmem object behind it: touching the new pages raises SIGBUS
                throw new IllegalArgumentException("mmap: can't expand a shared anonymous mapping on Linux: "
                        + old + " -> " + newSize + " bytes");
            }
            mapping.remapUnchecked(newSize);
        } else if (newSize >= old) {
            int f = handle.descriptor("resize()");
            long oldFileSize = os.fstat(f).size();
            if (reserve) { // ENOSPC now, not SIGBUS at a write into a hole; the size is then Python's
                undoIfFails(() -> os.fallocate(f, offset, newSize), () -> os.ftruncate(f, oldFileSize));
            }
            os.ftruncate(f, offset + newSize);
            undoIfFails(() -> mapping.remapUnchecked(newSize), () -> os.ftruncate(f, oldFileSize));
        } else {
            int f = handle.descriptor("resize()");
            mapping.remapUnchecked(newSize);
            undoIfFails(() -> os.ftruncate(f, offset + newSize), () -> mapping.remapUnchecked(old));
        }
    }

    private interface Step {
        void run() throws MmapException;
    }

    /** Runs {@code step}; if it fails, runs {@code undo} and rethrows (an undo failure is added as suppressed). */
    private static void undoIfFails(Step step, Step undo) throws MmapException {
        try {
            step.run();
        } catch (MmapException | RuntimeException e) {
            try {
                undo.run();
            } catch (MmapException | RuntimeException u) {
                e.addSuppressed(u);
            }
            throw e;
        }
    }
}
