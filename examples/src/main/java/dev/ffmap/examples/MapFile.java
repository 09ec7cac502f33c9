package dev.ffmap.examples;

import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** A file of any size as one segment: writes a long 3 GB in, syncs. Argument: a file over 3 GB. */
public final class MapFile {
    public static void main(String[] args) throws Exception {
        try (Mapping m = Mapping.map(Path.of(args[0]), MapOptions.readWrite())) {
            MemorySegment s = m.segment();              // the whole file, one segment, any size
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, 3_000_000_000L, 42L);
            m.sync();                                   // msync(MS_SYNC)
            System.out.println(s.byteSize() + " bytes in one segment; the long at 3000000000 is "
                    + s.get(ValueLayout.JAVA_LONG_UNALIGNED, 3_000_000_000L));
        }                                               // munmap, exactly once
    }
}
