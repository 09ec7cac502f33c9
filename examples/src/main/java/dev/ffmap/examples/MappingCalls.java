package dev.ffmap.examples;

import dev.ffmap.Advice;
import dev.ffmap.MapOptions;
import dev.ffmap.Mapping;
import dev.ffmap.MsyncFlag;
import dev.ffmap.Prot;
import dev.ffmap.Residency;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** The mmap family on one mapping of 1 MiB at 4 GiB. Argument: a file of at least 4 GiB + 2 MiB. */
public final class MappingCalls {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        try (Mapping m = Mapping.map(path, MapOptions.readWrite().withOffset(1L << 32).withLength(1 << 20))) {
            m.advise(Advice.MADV_SEQUENTIAL);                 // madvise, whole mapping
            m.advise(0, 65536, Advice.MADV_WILLNEED);         // or a range of segment()
            m.sync(0, 4096, MsyncFlag.MS_ASYNC);              // msync of a range, widened to pages
            Residency r = m.residency();                      // mincore
            System.out.println(r.residentPages() + " of " + r.pageCount() + " pages in RAM");
            m.lock();                                         // mlock; m.unlock() to undo
            m.protect(Prot.PROT_READ);                        // mprotect; segment() is now read-only
            m.remap(2 << 20);                                 // mremap (Linux): file must be long enough or mapped withGrow
            MemorySegment s = m.segment();                    // take it again after protect/remap
            System.out.println(s.byteSize() + " bytes at file offset " + m.offset() + ", read-only " + s.isReadOnly());
        }
    }
}
